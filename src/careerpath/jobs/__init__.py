"""Job matching: read a posting as a hiring manager would, fit a person to it, rank a store's postings.

::

    from careerpath import Navigator
    from careerpath.jobs import JobMatcher
    matcher = JobMatcher(Navigator(), model_cache)
    person = matcher.person("resume.pdf")
    fit = matcher.fit(person, matcher.requirements(title, description))
"""

from careerpath.jobs.fit import FIT_NAME, PostingFit, RequirementFit, fit_posting
from careerpath.jobs.matching import MATCHER_NAME, MatchFilters, MatchResult, MatchRun, Person
from careerpath.jobs.requirements import READER_NAME, PostingRequirements, RequirementReader
from careerpath.jobs.service import JobMatcher

__all__ = [
    "FIT_NAME",
    "MATCHER_NAME",
    "READER_NAME",
    "JobMatcher",
    "MatchFilters",
    "MatchResult",
    "MatchRun",
    "Person",
    "PostingFit",
    "PostingRequirements",
    "RequirementFit",
    "RequirementReader",
    "fit_posting",
]
