"""The API's routers, in the order the OpenAPI document lists them."""

from assistant.api.routes import (
    ask,
    batches,
    documents,
    drafts,
    indicators,
    keys,
    meta,
    reviews,
    scoring,
)

ROUTERS = [
    meta.router,
    scoring.router,
    drafts.router,
    reviews.router,
    indicators.router,
    documents.router,
    ask.router,
    batches.router,
    keys.router,
]
