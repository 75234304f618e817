"""Region of every account: pinned locations as given; `location: auto` resolved by placement."""

from __future__ import annotations

from .config import AUTO, ConfigError, Problem, StackConfig


def resolve_locations(config: StackConfig, source: str) -> dict[str, str]:
    """Region per account key. Raises ConfigError when an account cannot be placed."""
    locations: dict[str, str] = {}
    problems: list[Problem] = []
    for key in config.accounts:
        location = config.account_location(key)
        if location is None or location == AUTO:
            problems.append(
                Problem(f"accounts.{key}.location", "location: auto is not supported yet; pin a region")
            )
            continue
        locations[key] = location
    if problems:
        raise ConfigError(source, problems)
    return locations
