"""Logging that cannot carry a person's identifiers.

Exception messages may quote the data that caused them (a name that failed to parse, a
value in a constraint error), so log lines keep an exception's type and the code path of
its traceback and drop its message. Request logging names paths, never query strings or
bodies, and case paths carry codes, not names.
"""

import logging
import traceback
from types import TracebackType


class RedactingFormatter(logging.Formatter):
    def formatException(
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        kind, _value, tb = ei
        lines = ["Traceback (most recent call last):\n", *traceback.format_tb(tb)]
        name = kind.__qualname__ if kind else "Exception"
        lines.append(f"{name}: <message withheld: it may contain personal data>")
        return "".join(lines).rstrip("\n")


def without_message(exc: BaseException) -> str:
    """An exception for a log line written by hand: its type and code path, never its
    message, whichever handler formats the line (a test's, a monitoring service's)."""
    return f"{type(exc).__name__}\n" + "".join(traceback.format_tb(exc.__traceback__))
