"""The ask command."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from assistant.cli.app import HomeOpt, LangOpt, _emit_json, _h, _setup, _stderr, app, guarded
from assistant.i18n import t
from assistant.model import KaopingInputError


class AskFormat(StrEnum):
    md = "md"
    json = "json"


def _markdown(result: dict[str, Any]) -> str:
    out = [result["answer"], ""]
    label = "chat.citations" if result["found"] else "chat.see_also"
    items = result["citations"] if result["found"] else result["see_also"]
    if items:
        out += [f"**{t(label, result['lang'])}**", ""]
        for c in items:
            where = "，".join(
                str(x)
                for x in (c["doc"], f"p. {c['page']}" if c["page"] else "", c["section"])
                if x
            )
            out.append(f"- ［{c['n']}］ {where}：「{' '.join(c['quote'].split())}」")
    return "\n".join(out) + "\n"


@app.command("ask", help=_h("cli.cmd.ask"))
@guarded
def ask_command(
    question: Annotated[str, typer.Argument(help=_h("cli.arg.question"), show_default=False)],
    conversation: Annotated[
        str | None,
        typer.Option("--conversation", "-c", help=_h("cli.opt.conversation"), show_default=False),
    ] = None,
    k: Annotated[int, typer.Option("-k", help=_h("cli.opt.k"), min=1, max=20)] = 5,
    fmt: Annotated[
        AskFormat, typer.Option("--format", "-f", help=_h("cli.opt.format"))
    ] = AskFormat.md,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    from assistant.chat import ConversationStore, answer_json, ask
    from assistant.chat.conversation import is_conversation_id
    from assistant.documents import library_session
    from assistant.llm import connect, llm_config

    settings = _setup(lang, home)
    if not question.strip():
        raise KaopingInputError.one("err.empty_question", field="QUESTION")
    if conversation is not None and not is_conversation_id(conversation):
        raise KaopingInputError.one(
            "err.conversation_id", field="--conversation", value=conversation
        )
    model = connect(llm_config(settings))
    with library_session(settings) as library:
        result = ask(question, library, model=model, store=ConversationStore(settings.home),
                     conversation_id=conversation, k=k)  # fmt: skip
    data = answer_json(result)
    mode = (
        t("chat.mode.llm", model=model.name)
        if model and result.mode == "llm"
        else t("chat.mode.extractive")
    )
    _stderr.print(mode, markup=False)
    if result.conversation_id:
        _stderr.print(t("chat.conversation", id=result.conversation_id), markup=False)
    if fmt is AskFormat.json:
        _emit_json(data)
    else:
        sys.stdout.write(_markdown(data))
