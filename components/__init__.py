"""Reusable Pulumi components for Azure OpenAI. A library: no CLI code, no live Azure calls."""
