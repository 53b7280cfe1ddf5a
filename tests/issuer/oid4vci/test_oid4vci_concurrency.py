"""Single use under concurrency (both backends): of many simultaneous redemptions of one
pre-authorized code exactly one gets a token, and simultaneous wrong PINs are all counted (the
offer is void after the limit, whatever the interleaving)."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from oid4vci_support import Gateway

from vc_led_issuer.oid4vci.config import Oid4vciSettings
from vc_led_issuer.oid4vci.errors import OAuthError
from vc_led_issuer.oid4vci.tokens import redeem_pre_authorized

THREADS = 8


def _outcomes(gateway: Gateway, code: str, pins: list[str]) -> Counter[str]:
    settings = Oid4vciSettings()

    def attempt(pin: str) -> str:
        try:
            redeem_pre_authorized(gateway.registry, settings, code=code, tx_code=pin)
        except OAuthError as exc:
            return exc.code
        return "granted"

    with ThreadPoolExecutor(THREADS) as pool:
        return Counter(pool.map(attempt, pins))


def test_one_code_is_redeemed_once_however_many_try_at_once(gateway: Gateway) -> None:
    offer = gateway.offer()
    outcomes = _outcomes(gateway, offer.pre_authorized_code, [offer.tx_code] * THREADS)
    assert outcomes == Counter({"granted": 1, "oid4vci.code_invalid": THREADS - 1})


def test_simultaneous_wrong_pins_are_all_counted(gateway: Gateway) -> None:
    offer = gateway.offer()
    wrong = "000000" if offer.tx_code != "000000" else "111111"
    outcomes = _outcomes(gateway, offer.pre_authorized_code, [wrong] * 10)
    assert outcomes == Counter(
        {"oid4vci.tx_code_wrong": 4, "oid4vci.tx_code_exhausted": 1, "oid4vci.code_invalid": 5}
    )
    late = _outcomes(gateway, offer.pre_authorized_code, [offer.tx_code])
    assert late == Counter({"oid4vci.code_invalid": 1})
