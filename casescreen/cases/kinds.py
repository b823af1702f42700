"""The kind of case (court disposal, out-of-court disposal...) a case is under a framework."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from casescreen.frameworks import Framework

# A sentence type the pinned framework makes no kind of case of (an out-of-court disposal
# under a framework that covers court sentences only).
# In English; ``kind_label`` gives it in the reader's language.
NOT_COVERED = gettext_noop("Not covered by the framework")


def kind_label(framework: Framework, sentence_type: str) -> str:
    """The label of the kind of case ``sentence_type`` makes under ``framework``."""
    kind = framework.kind_of(sentence_type)
    return kind.label if kind is not None else gettext(NOT_COVERED)
