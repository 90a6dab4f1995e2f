"""A self-contained HTML page of an assessment (no scripts, no external assets).

It renders reports/templates/assessment.html, the same template as the web's result page, from the
assessment's JSON view, so the file and the page never disagree.
"""

from __future__ import annotations

from careerpath.navigator import Assessment
from careerpath.reports.rendering import render_report
from careerpath.reports.serialize import assessment_dict


def assessment_html(result: Assessment) -> str:
    """Return the assessment as one HTML document."""
    return render_report("assessment.html", a=assessment_dict(result), warnings=[])
