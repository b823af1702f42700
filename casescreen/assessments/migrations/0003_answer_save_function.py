"""The answer save as one PostgreSQL function (``assessments.services.assessment_answer``).

The save runs on every change an inspector makes. Sent statement by statement it took
six round trips to the database (begin, lock, read, write, audit, commit), and they
cost more than the work they carried (``bench/answer_load.py``).
The function does the same in one call, in one transaction of its own: every
statement in it reads afresh, so one that waited for the assessment lock sees what
the holder of the lock committed. The rules are those of the Python save that serves
SQLite; the test suite runs against both.

The function writes out values of the models' constants: the statuses and labels of
``Assessment.Status``, ``Inspection.RECORDS_FROZEN_STATUSES`` and the actions of
``AuditEvent.Action``. Passing them in on every call cost more than the rest of the
call's parameters together. A change to one of them needs a new version of this
function; the suite, run on PostgreSQL, fails until it has one.
"""

from typing import Any

from django.db import migrations

ANSWER_SAVE = """
CREATE OR REPLACE FUNCTION casescreen_answer_save(
    p_case_id bigint,
    p_inspection_id bigint,
    p_question_id varchar,
    p_value varchar,
    p_evidence text,
    p_based_on bigint,
    p_user_id bigint,
    p_actor varchar,
    p_at timestamptz,
    OUT outcome varchar,
    OUT answer_id bigint,
    OUT answer_version bigint,
    OUT assessment bigint
) LANGUAGE plpgsql AS $$
DECLARE
    s_status varchar;
    i_status varchar;
    a_value varchar;
    a_evidence text;
BEGIN
    -- Saves to one assessment run one at a time; so do publication and completion.
    SELECT id, status INTO assessment, s_status
        FROM assessments_assessment WHERE case_id = p_case_id FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'missing';
        RETURN;
    END IF;
    IF s_status = 'completed' THEN
        outcome := 'completed';
        RETURN;
    END IF;
    -- Read after the lock, so what the holder of the lock committed is seen: the
    -- answer, and the inspection's status should it have been published meanwhile.
    SELECT i.status, a.id, a.value, a.evidence, a.version
        INTO i_status, answer_id, a_value, a_evidence, answer_version
        FROM inspections_inspection i LEFT JOIN assessments_answer a
            ON a.assessment_id = assessment AND a.question_id = p_question_id
        WHERE i.id = p_inspection_id;
    IF i_status IN ('published', 'closed') THEN
        outcome := 'frozen';
        RETURN;
    END IF;
    IF answer_id IS NULL THEN
        a_value := '';
        a_evidence := '';
        answer_version := 0;
    END IF;
    IF p_based_on <> answer_version THEN
        outcome := 'stale';
        RETURN;
    END IF;
    IF answer_id IS NULL AND p_value = '' AND p_evidence = '' THEN
        outcome := 'nothing';
        RETURN;
    END IF;
    IF answer_id IS NOT NULL AND a_value = p_value AND a_evidence = p_evidence THEN
        outcome := 'unchanged';
        RETURN;
    END IF;
    IF answer_id IS NULL THEN
        INSERT INTO assessments_answer
            (assessment_id, question_id, value, evidence, version, updated_by_id, updated_at)
            VALUES (assessment, p_question_id, p_value, p_evidence, 1, p_user_id, p_at)
            RETURNING id INTO answer_id;
    ELSE
        UPDATE assessments_answer
            SET value = p_value, evidence = p_evidence, version = answer_version + 1,
                updated_by_id = p_user_id, updated_at = p_at
            WHERE id = answer_id;
    END IF;
    -- A new answer records its value, and its evidence if any; a change, what changed.
    INSERT INTO audit_auditevent
        (at, user_id, actor, action, inspection_id, case_id, object_type, object_id,
         field, old_value, new_value)
        SELECT p_at, p_user_id, p_actor,
               CASE WHEN answer_version = 0 THEN 'create' ELSE 'change' END,
               p_inspection_id, p_case_id, 'Answer', p_question_id, f, o, n
        FROM (VALUES (1, 'value', a_value, p_value), (2, 'evidence', a_evidence, p_evidence))
            AS changed (place, f, o, n)
        WHERE o <> n OR (answer_version = 0 AND f = 'value')
        ORDER BY place;
    answer_version := answer_version + 1;
    IF s_status = 'not_started' THEN
        UPDATE assessments_assessment
            SET status = 'in_progress', version = version + 1,
                inspector_id = COALESCE(inspector_id, p_user_id), updated_at = p_at
            WHERE id = assessment;
        INSERT INTO audit_auditevent
            (at, user_id, actor, action, inspection_id, case_id, object_type, object_id,
             field, old_value, new_value)
            VALUES (p_at, p_user_id, p_actor, 'transition', p_inspection_id, p_case_id,
                    'Assessment', assessment::text, 'status', 'Not started', 'In progress');
    END IF;
    outcome := 'saved';
END
$$;
"""


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ANSWER_SAVE)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS casescreen_answer_save")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_facts_confirmed"),
        ("audit", "0001_initial"),
        ("inspections", "0002_lifecycle_and_copy_list"),
    ]

    operations = [migrations.RunPython(create, drop)]
