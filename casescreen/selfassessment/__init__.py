"""Self-assessments: a YOT's audit of its own cases between inspections.

A self-assessment is an ``Inspection`` of kind ``self_assessment`` owned by its YOT: its
YOT manager is its lead and its YOT's auditors its team, so they assess cases on the same
pages as inspectors (autosave, conflicts, audit trail) with the same import, sample,
allocation and findings. Only that YOT's staff see it (``inspections.access``); its YOT
manager may share its findings with an inspection of the YOT.
"""
