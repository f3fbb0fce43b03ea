"""A pre-registration as the registry sends it down (protocol §8), read as candidate data.

The registry writes the candidate fields as JSON (dates ISO ``YYYY-MM-DD``, enums by value);
down-sync reads them here when a change arrives, and the conflict desk reads them again when
the clerk takes the registry's version, so both apply exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from learncenter.domain.admission_types import parse_admission_type
from learncenter.domain.candidate import CANDIDATE_FIELDS, CandidateData, Gender, Level, PaymentState, PriorEducation
from learncenter.domain.exemptions import parse_exemptions


def candidate_from_registry(key: str, data: Mapping[str, Any]) -> CandidateData | None:
    """The registry's fields as candidate data; None if unusable or if the key
    (``<term>/<ID number>``) does not name the same term and ID number."""
    try:
        values = {name: data[name] for name in CANDIDATE_FIELDS if name in data}
        values["gender"] = Gender(values["gender"])
        values["level"] = Level(values["level"])
        values["birth_date"] = date.fromisoformat(values["birth_date"])
        prior = values.get("prior_education")
        values["prior_education"] = PriorEducation(prior) if prior else None
        graduated = values.get("prior_graduation_date")
        values["prior_graduation_date"] = date.fromisoformat(graduated) if graduated else None
        paid = values.get("payment_state")  # absent from a registry that does not record payment
        values["payment_state"] = PaymentState(paid) if paid else None
        paid_on = values.get("payment_date")
        values["payment_date"] = date.fromisoformat(paid_on) if paid_on else None
        values["admission_type"] = parse_admission_type(values.get("admission_type") or "")
        values["exemptions"] = parse_exemptions(values.get("exemptions") or "")
        candidate = CandidateData(**values)
    except (KeyError, TypeError, ValueError):
        return None
    if f"{candidate.term}/{candidate.id_number}" != key:
        return None
    return candidate
