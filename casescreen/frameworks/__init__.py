"""Question sets as versioned data files, and the loader that validates them."""

from casescreen.frameworks.loader import (
    Framework,
    FrameworkError,
    Question,
    get_framework,
    load_framework,
)

__all__ = ["Framework", "FrameworkError", "Question", "get_framework", "load_framework"]
