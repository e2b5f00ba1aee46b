"""Precision and recall of what the indicator models read, against hand annotations.

Figures are paired by phrase: within a report, the k-th predicted figure written "903件" is the
k-th gold figure written "903件" (both in reading order). A field counts as right when the pair
agrees on it; precision divides by what was predicted, recall by what the gold file holds, so a
missed or an invented figure costs every field. Text facts are sets (laws, officials) or lists
matched one to one when one text contains the other (problems, plans, honours).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

FIGURE_FIELDS = ("figure", "value", "unit", "indicator", "approximate", "redacted")

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[\s，,。．.；;：:、“”\"'《》（）()！!？?]")


@dataclass
class Score:
    correct: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0


@dataclass
class Scores:
    by_field: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: list[str] = field(default_factory=list)

    def table(self, title: str) -> str:
        lines = [title, f"  {'field':<14}{'precision':>10}{'recall':>8}{'right':>7}{'pred':>6}{'gold':>6}"]
        for name, score in self.by_field.items():
            lines.append(
                f"  {name:<14}{score.precision:>10.3f}{score.recall:>8.3f}"
                f"{score.correct:>7}{score.predicted:>6}{score.gold:>6}"
            )
        return "\n".join(lines)


def phrase_key(phrase: str) -> str:
    return _SPACES.sub("", phrase)


def score_figures(gold: dict[str, list[dict]], predicted: dict[str, list[dict]]) -> Scores:
    """gold / predicted: report → figures in reading order, each with phrase, value, unit,
    indicator ("unclassified" when none), approximate, redacted."""
    scores = Scores()
    for report in sorted(set(gold) | set(predicted)):
        gold_by_phrase: dict[str, list[dict]] = defaultdict(list)
        for figure in gold.get(report, []):
            gold_by_phrase[phrase_key(figure["phrase"])].append(figure)
        predicted_by_phrase: dict[str, list[dict]] = defaultdict(list)
        for figure in predicted.get(report, []):
            predicted_by_phrase[phrase_key(figure["phrase"])].append(figure)

        for name in FIGURE_FIELDS:
            scores.by_field[name].gold += len(gold.get(report, []))
            scores.by_field[name].predicted += len(predicted.get(report, []))

        for phrase in set(gold_by_phrase) | set(predicted_by_phrase):
            golds, preds = gold_by_phrase.get(phrase, []), predicted_by_phrase.get(phrase, [])
            for gold_figure, predicted_figure in zip(golds, preds, strict=False):
                agreement = _agreement(gold_figure, predicted_figure)
                for name, right in agreement.items():
                    scores.by_field[name].correct += right
                    if not right:
                        scores.misses.append(
                            f"{report} {phrase}: {name} gold {_field(gold_figure, name)!r}, "
                            f"read {_field(predicted_figure, name)!r}"
                        )
            for gold_figure in golds[len(preds):]:
                scores.misses.append(f"{report} {phrase}: missed (gold {gold_figure})")
            for predicted_figure in preds[len(golds):]:
                scores.misses.append(f"{report} {phrase}: not in gold (read {predicted_figure})")
    return scores


def _field(figure: dict, name: str):
    if name == "redacted":
        return bool(figure.get("redacted", False))
    if name == "figure":
        return figure["phrase"]
    return figure.get(name)


def _agreement(gold_figure: dict, predicted_figure: dict) -> dict[str, bool]:
    gold_value, predicted_value = gold_figure.get("value"), predicted_figure.get("value")
    if gold_value is None or predicted_value is None:
        value_right = gold_value is None and predicted_value is None
    else:
        value_right = abs(float(gold_value) - float(predicted_value)) < 1e-6
    return {
        "figure": True,
        "value": value_right,
        "unit": gold_figure["unit"] == predicted_figure["unit"],
        "indicator": gold_figure["indicator"] == predicted_figure["indicator"],
        "approximate": bool(gold_figure["approximate"]) == bool(predicted_figure["approximate"]),
        "redacted": _field(gold_figure, "redacted") == _field(predicted_figure, "redacted"),
    }


def text_key(text: str) -> str:
    return _PUNCTUATION.sub("", text)


def score_sets(name: str, gold: dict[str, set], predicted: dict[str, set], scores: Scores) -> None:
    score = scores.by_field[name]
    for report in set(gold) | set(predicted):
        wanted, found = gold.get(report, set()), predicted.get(report, set())
        score.gold += len(wanted)
        score.predicted += len(found)
        score.correct += len(wanted & found)
        scores.misses.extend(f"{report} {name}: missed {item}" for item in sorted(wanted - found, key=str))
        scores.misses.extend(f"{report} {name}: not in gold {item}" for item in sorted(found - wanted, key=str))


def score_texts(name: str, gold: dict[str, list[str]], predicted: dict[str, list[str]], scores: Scores) -> None:
    """One-to-one, in order: a prediction matches the first unmatched gold item that contains it
    or that it contains (punctuation and spaces ignored)."""
    score = scores.by_field[name]
    for report in set(gold) | set(predicted):
        wanted = [text_key(text) for text in gold.get(report, [])]
        found = [text_key(text) for text in predicted.get(report, [])]
        score.gold += len(wanted)
        score.predicted += len(found)
        unmatched = list(range(len(wanted)))
        for text in found:
            match = next(
                (i for i in unmatched if wanted[i] and text and (wanted[i] in text or text in wanted[i])), None
            )
            if match is None:
                scores.misses.append(f"{report} {name}: not in gold {text}")
            else:
                unmatched.remove(match)
                score.correct += 1
        scores.misses.extend(f"{report} {name}: missed {wanted[i]}" for i in unmatched)
