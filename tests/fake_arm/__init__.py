"""A local HTTPS fake of ARM (Microsoft.CognitiveServices) and Entra ID for the live commands' tests."""

from .faults import Fault
from .server import Exchange, FakeArm, Request
from .spec import Spec, load_spec
from .state import (
    SUBSCRIPTION_ID,
    ArmState,
    model_offer,
    resource_sku,
    sku_offer,
    usage,
)

__all__ = [
    "SUBSCRIPTION_ID",
    "ArmState",
    "Exchange",
    "FakeArm",
    "Fault",
    "Request",
    "Spec",
    "load_spec",
    "model_offer",
    "resource_sku",
    "sku_offer",
    "usage",
]
