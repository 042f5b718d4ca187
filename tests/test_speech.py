"""Text normalisation for speech: what espeak-ng is given to read aloud."""

from __future__ import annotations

import pytest

from generator.audio.spoken_text import normalise, spoken_text
from generator.render.plain_text import plain_text


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Ring 1177.", "Ring elva sjuttiosju."),
        ("Gå in på 1177.se i dag.", "Gå in på elva sjuttiosju punkt se i dag."),
        ("Ring 112 vid fara.", "Ring ett ett två vid fara."),
        ("Polisen nås på 114 14.", "Polisen nås på ett ett fyra, ett fyra."),
        ("Feber över 38,5 grader.", "Feber över 38 komma 5 grader."),
        ("Feber över 38,5 °C.", "Feber över 38 komma 5 grader."),
        ("Ta 0,5 ml.", "Ta 0 komma 5 milliliter."),
        ("t.ex. hosta", "till exempel hosta"),
        ("T.ex. hosta", "till exempel hosta"),
        ("bl.a. feber", "bland annat feber"),
        ("ca 20 minuter", "cirka 20 minuter"),
        ("kl. 8.00", "klockan 8"),
        ("kl 14:30", "klockan 14 och 30"),
        ("Öppet 8.00–16.30.", "Öppet 8 till 16 och 30."),
        ("3–5 dagar", "3 till 5 dagar"),
        ("Avgiften är 1 450 kr per år.", "Avgiften är 1450 kronor per år."),
        ("200 kr.", "200 kronor."),
        ("50 % av kostnaden", "50 procent av kostnaden"),
        ("500 mg per kg", "500 milligram per kilo"),
        ("10 mmol/l", "10 millimol per liter"),
        ("Beslutet gäller från 2026-07-01.", "Beslutet gäller från första juli 2026."),
        ("den 22 november", "den tjugoandra november"),
        ("covid-19", "covid 19"),
        ("Ta med legitimation, recept osv. Kom i tid.",
         "Ta med legitimation, recept och så vidare. Kom i tid."),
        # Letters that are units only after a number stay as they are.
        ("m och g i en mening", "m och g i en mening"),
        ("min mamma", "min mamma"),
        ("4 min", "4 minuter"),
        # A longer number that merely contains 1177 is not the phone number.
        ("11770 personer", "11770 personer"),
    ],
)
def test_normalise(written: str, spoken: str) -> None:
    assert normalise(written) == spoken


def test_spoken_text_reads_headings_and_blocks_in_order_as_sentences() -> None:
    html = ("<p>Första stycket.</p><h2>Om avgifter</h2><ul><li>Ett</li><li>Två?</li></ul>"
            "<table><tr><th>Ålder</th><td>0–19 år</td></tr></table>")
    spoken = spoken_text("Avgifter", "Vad vården kostar", plain_text(html))
    assert spoken.splitlines() == [
        "Avgifter.", "Vad vården kostar.", "Första stycket.", "Om avgifter.", "Ett.", "Två?",
        "Ålder.", "0 till 19 år.",
    ]
