"""考評 Kaoping, the review UI: ``kaoping ui`` runs this with ``streamlit run``.

Six pages over the same desk as the API (起草, 審查, 指標精簡, 問答, 批次, 文件庫); the sidebar
holds the language switch, who you are (an API key, or the single local user) and whether a
language model is on.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.state import lang, local_mode, office, principal, sign_in, tr

HERE = Path(__file__).parent

st.set_page_config(page_title="考評 Kaoping", page_icon="📋", layout="wide")


def sidebar() -> None:
    with st.sidebar:
        st.markdown("### 考評 Kaoping")
        names = {"zh-TW": "中文", "en": "English"}
        if "lang" not in st.session_state:
            st.session_state["lang"] = lang()  # the settings' language until the user switches
        st.radio(
            tr("ui.lang"), list(names), format_func=names.__getitem__, horizontal=True, key="lang"
        )
        who = principal()
        if local_mode():
            st.caption(tr("ui.signin.local"))
        elif who is None:
            token = st.text_input(tr("ui.signin.key"), type="password", key="api_key")
            if token and sign_in(token) is None:
                st.error(tr("ui.signin.bad"))
        else:
            agencies = "、".join(sorted(who.agencies)) or "—"
            st.caption(
                tr(
                    "ui.signin.as",
                    name=who.name,
                    role=tr(f"ui.role.{who.role.value}"),
                    agencies=agencies,
                )
            )
            if st.button(tr("ui.signin.out")):
                st.session_state.pop("principal", None)
                st.rerun()
        model = office().model
        st.caption(tr("ui.mode.llm", model=model.name) if model else tr("ui.mode.offline"))


sidebar()
pages = [
    st.Page(
        HERE / "views/draft.py", title=tr("ui.nav.draft"), icon="📝", url_path="draft", default=True
    ),
    st.Page(HERE / "views/review.py", title=tr("ui.nav.review"), icon="🔍", url_path="review"),
    st.Page(
        HERE / "views/indicators.py",
        title=tr("ui.nav.indicators"),
        icon="🧮",
        url_path="indicators",
    ),
    st.Page(HERE / "views/ask.py", title=tr("ui.nav.ask"), icon="💬", url_path="ask"),
    st.Page(HERE / "views/batch.py", title=tr("ui.nav.batch"), icon="🗂️", url_path="batch"),
    st.Page(HERE / "views/library.py", title=tr("ui.nav.library"), icon="📚", url_path="library"),
]
st.navigation(pages).run()
