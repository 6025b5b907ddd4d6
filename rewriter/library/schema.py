"""The metric library's schema: one outcome metric per entry, validated when the file is loaded.

The data lives in `metrics.yaml` beside this module; the words point to metrics (signals), the theme
lets code render an objective the metric proves, and the direction tells which way a KR should move it.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Direction = Literal["up", "down", "keep"]
Unit = Literal["%", "count", "currency", "days", "hours", "minutes", "seconds", "score", "ratio", "points"]
Domain = Literal[
    "product",  # activation, engagement, retention of a digital product
    "marketing",  # acquisition and marketing
    "b2b-sales",
    "e-commerce",  # catalogue, cart, checkout, delivery
    "mobile",  # mobile apps
    "support",  # customer support and CX
    "hr",  # HR, recruiting and onboarding
    "engineering",  # reliability and delivery (DORA)
    "data",  # data and ML products
    "security",  # security and compliance
    "finance",  # finance, banking, procurement and back office
    "public",  # public services, online procedures
    "api",  # API and developer platforms
    "content",  # content and media
    "healthcare",  # healthcare quality
    "training",  # training and learning
    "internal",  # events and internal communication
    "partnerships",
    "operations",  # warehouse, logistics and fleet
    "manufacturing",  # plants and production lines
    "hardware",  # connected devices, IoT and firmware
    "retail",  # physical stores
    "hospitality",  # hotels and restaurants
    "nonprofit",  # fundraising and donors
    "real-estate",  # property management, social housing and facility management
    "legal",  # contracts, legal operations and law firms
    "international",  # new market and country launches
    "telecom",  # fixed and mobile networks, fibre
    "energy",  # energy and water utilities: meters, billing, grid
    "education",  # schools and school administration
    "insurance",  # claims and policyholders
    "transport",  # passenger transport: bus, tram, metro, rail, airports, ports and ferries
    "agriculture",  # farms, cooperatives, wine and dairy
    "construction",  # building sites, public works, roads and renovation
    "culture",  # museums, libraries as cultural venues, theatres, music schools and archives
    "environment",  # waste sorting and collection, recycling, cleanliness, biodiversity and air
    "social",  # social work, homelessness, employment support, child protection and elderly support
    "safety",  # fire and rescue, police, civil protection, workplace health and safety
    "sport",  # clubs, leagues and municipal sport facilities
    "justice",  # courts, probation and legal aid
]
_ID = re.compile(r"^[a-z][a-z0-9_]{2,60}$")


class Theme(BaseModel):
    """The qualifier of an objective the metric proves, written to follow one of `verbs` directly."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="Follows a verb: \"l'achat sur mobile\", 'mobile purchasing'.")
    verbs: list[str] = Field(
        min_length=1, description="Infinitive verbs that read well before `text`: 'Simplifier', 'Simplify'."
    )


class Metric(BaseModel):
    """One outcome metric a key result can move."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Stable snake_case id, e.g. 'cart_abandonment_rate'.")
    domain: Domain = Field(description="Business domain the metric belongs to.")
    family: str = Field(
        description="Metrics that measure the same thing or its mirror share a family "
        "(cart abandonment and checkout completion): one objective needs at most one KR per family."
    )
    name_fr: str = Field(
        description='French name with its article, follows a verb: "le taux d\'abandon de panier".'
    )
    name_en: str = Field(description="English name, follows a verb: 'the cart abandonment rate'.")
    direction: Direction = Field(
        description="Which way a KR should move it: up, down, or keep (a health metric)."
    )
    unit: Unit = Field(description="Unit of its values.")
    segments_fr: list[str] = Field(
        default_factory=list,
        description="Typical segments, written to follow the name: 'des nouveaux clients'.",
    )
    segments_en: list[str] = Field(default_factory=list, description="Typical segments: 'for new customers'.")
    signals_fr: list[str] = Field(
        min_length=3, description="French words and phrases in a draft that point to this metric."
    )
    signals_en: list[str] = Field(
        min_length=3, description="English words and phrases in a draft that point to this metric."
    )
    theme_fr: Theme = Field(description="French qualifier of an objective this metric proves.")
    theme_en: Theme = Field(description="English qualifier of an objective this metric proves.")
    vanity: bool = Field(default=False, description="A vanity metric: counts activity, not value.")
    needs: str | None = Field(
        default=None,
        description="Regex on the draft's folded text (lowercase, no accents): the metric is offered or shown only "
        "when the draft names what it measures ('a counter', 'bills', 'parcels'); None when its name is generic.",
    )
    alternatives: list[str] = Field(
        default_factory=list, description="Ids of better metrics to use instead (vanity metrics only)."
    )

    @field_validator("id", "family")
    @classmethod
    def _snake_case(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"{value!r} is not a snake_case id")
        return value

    @model_validator(mode="after")
    def _vanity_has_alternatives(self) -> Metric:
        if self.vanity and not self.alternatives:
            raise ValueError(f"{self.id}: a vanity metric names better alternatives")
        if self.alternatives and not self.vanity:
            raise ValueError(f"{self.id}: only vanity metrics list alternatives")
        return self


class MetricLibrary(BaseModel):
    """The whole library: ids unique, alternatives pointing at existing, non-vanity metrics."""

    metrics: list[Metric] = Field(description="Every metric, in file order.")

    @model_validator(mode="after")
    def _consistent(self) -> MetricLibrary:
        ids = [m.id for m in self.metrics]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate metric ids: {', '.join(dupes)}")
        by_id = {m.id: m for m in self.metrics}
        for m in self.metrics:
            for alt in m.alternatives:
                if alt not in by_id:
                    raise ValueError(f"{m.id}: alternative {alt!r} is not in the library")
                if by_id[alt].vanity:
                    raise ValueError(f"{m.id}: alternative {alt!r} is itself a vanity metric")
        return self
