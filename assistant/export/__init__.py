"""Renderers from the JSON results to documents (Markdown now; DOCX, ODT, charts later)."""
