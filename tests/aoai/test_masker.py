"""Known secrets are masked wherever aoai prints them; short ones only where quoted."""

from __future__ import annotations

from aoai.layers import Masker


def test_long_secrets_are_masked_everywhere_in_text() -> None:
    mask = Masker(["eyJhbGciOi.token"])
    assert mask.text("token=eyJhbGciOi.token; again eyJhbGciOi.token") == "token=[secret]; again [secret]"


def test_short_secrets_are_masked_where_quoted_not_inside_words() -> None:
    mask = Masker(["dev"])
    assert (
        mask.text("devices: must be lower case (got 'dev')") == "devices: must be lower case (got '[secret]')"
    )


def test_data_is_masked_in_every_string() -> None:
    mask = Masker(["dev", "s3cret-value"])
    assert mask.data({"name": "dev", "list": ["x-s3cret-value-y", 3], "devices": "devices"}) == {
        "name": "[secret]",
        "list": ["x-[secret]-y", 3],
        "devices": "devices",
    }


def test_no_secrets_no_change() -> None:
    mask = Masker([])
    assert mask.text("anything") == "anything" and mask.data({"a": "b"}) == {"a": "b"}
