"""Reusable Pulumi components for Azure OpenAI. A library: no CLI code, no live Azure calls."""

# The package version (semantic versioning); pyproject.toml reads it from here.
__version__ = "0.2.0"
