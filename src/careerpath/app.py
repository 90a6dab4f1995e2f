"""The composition root: everything an interface needs, built once from ``Settings``.

The CLI, the API/web server (and later the MCP server) ask this object for the navigator, the
role catalogue, the market store and snapshot, the ESCO linker and every default a user leaves
out, so that one setting means the same thing everywhere. Options and request fields default to
``None``; ``Careerpath`` fills them in.

Example::

    from careerpath.app import Careerpath
    cp = Careerpath.from_settings()          # reads CAREERPATH_* (SettingsError on a bad value)
    cp.navigator.assess("resume.pdf", hours_per_week=cp.hours_per_week(None))
    with cp.open_store() as store: ...       # $CAREERPATH_HOME/market.duckdb
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careerpath.errors import InputError
from careerpath.settings import MAX_HOURS_PER_WEEK, MIN_HOURS_PER_WEEK, Settings, load_settings

if TYPE_CHECKING:
    from careerpath.market.postings import PostingStore
    from careerpath.market.snapshot import MarketSnapshot
    from careerpath.navigator import Navigator
    from careerpath.roles.catalogue import RoleCatalogue
    from careerpath.skills.taxonomy import Taxonomy

ENGINES = ("duckdb", "spark")


def check_hours_per_week(hours: float, source: str = "--hours-per-week") -> float:
    """Return ``hours`` when it is a number from 1 to 100; InputError naming ``source`` otherwise."""
    if not (isinstance(hours, int | float) and math.isfinite(hours)):
        raise InputError(f"{source} must be a number from 1 to 100, not {hours!r}.")
    if not MIN_HOURS_PER_WEEK <= hours <= MAX_HOURS_PER_WEEK:
        raise InputError(f"{source} must be from 1 to 100 hours, not {hours:g}.")
    return float(hours)


class Careerpath:
    """The user's careerpath: settings plus the knowledge, stores and models built from them (lazily, once)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Careerpath:
        return cls(settings if settings is not None else load_settings())

    # Knowledge --------------------------------------------------------------------------------
    @cached_property
    def navigator(self) -> Navigator:
        """The bundled taxonomy and roles with the user's files merged over them, and the market snapshot."""
        from careerpath.navigator import Navigator, snapshot_demand, snapshot_role_markets

        snapshot = self.market_snapshot
        return Navigator(
            extra_taxonomy_files=self._user_file(self.settings.user_taxonomy_file),
            extra_role_files=self._user_file(self.settings.user_roles_file),
            demand=snapshot_demand(snapshot) if snapshot else {},
            market=snapshot_role_markets(snapshot) if snapshot else {},
            budgets=self.settings.budgets,
        )

    @property
    def taxonomy(self) -> Taxonomy:
        return self.navigator.taxonomy

    @property
    def roles(self) -> RoleCatalogue:
        return self.navigator.roles

    def known_terms(self) -> list[str]:
        """Every label of every skill (bundled and user): what emerging-skill detection treats as known."""
        terms: list[str] = []
        for skill in self.taxonomy:
            terms.extend([skill.id.replace("_", " "), skill.name, *skill.aliases, *skill.ambiguous_aliases])
        return terms

    def resolve_role(self, role: str | None) -> str | None:
        """The id of a role given by id, name or title (user roles included); None passes through."""
        return None if role is None else self.roles.resolve(role).id

    @staticmethod
    def _user_file(path: Path) -> list[Path]:
        return [path] if path.exists() else []

    # Market -----------------------------------------------------------------------------------
    @property
    def user_snapshot_file(self) -> Path:
        """Where `careerpath market snapshot` writes, and where the navigator looks first."""
        return self.settings.home / "market_snapshot.json"

    @cached_property
    def market_snapshot(self) -> MarketSnapshot | None:
        """The user's own snapshot when present, else the bundled one (None when neither exists)."""
        from careerpath.data_files import bundled_path
        from careerpath.market.snapshot import SNAPSHOT_FILE, load_market_snapshot

        for path in (self.user_snapshot_file, bundled_path(SNAPSHOT_FILE)):
            if path.exists():
                return load_market_snapshot(path)
        return None

    def default_store(self, engine: str = "duckdb") -> Path:
        return self.settings.home / ("market_spark" if engine == "spark" else "market.duckdb")

    @contextmanager
    def open_store(
        self, path: Path | None = None, engine: str | None = None, master: str | None = None, *, must_exist: bool = True
    ) -> Iterator[PostingStore]:
        """Yield the posting store at ``path`` (default under $CAREERPATH_HOME), closing it after.

        ``engine`` is "duckdb" or "spark"; by default a folder is a Spark store, anything else DuckDB.
        """
        from careerpath.storage import infer_engine
        from careerpath.storage import open_store as open_posting_store

        if engine is None:
            engine = infer_engine(path) if path is not None else "duckdb"
        if engine not in ENGINES:
            raise InputError(f"Unknown store engine {engine!r}; choose from: {', '.join(ENGINES)}.")
        target = path or self.default_store(engine)
        blocked = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
        if blocked is not None:
            raise InputError(f"Cannot use the market store {target}: {blocked} is a file, not a folder.")
        store = open_posting_store(target, engine, master=master, must_exist=must_exist)
        try:
            yield store
        finally:
            store.close()

    # ESCO tier --------------------------------------------------------------------------------
    @property
    def embeddings_cache_dir(self) -> Path:
        """Where dense linking designs keep their ESCO embeddings between runs."""
        return self.settings.cache_dir / "embeddings"

    def esco_dir(self, explicit: Path | None = None, design: str | None = None) -> Path | None:
        """The ESCO release folder to use: ``explicit``, else $CAREERPATH_ESCO_DIR; a design needs one."""
        folder = explicit or self.settings.esco_dir
        if folder is None and design is not None:
            raise InputError("--esco-design needs an ESCO folder: pass --esco DIR or set CAREERPATH_ESCO_DIR.")
        return folder

    def esco_design(self, design: str | None = None) -> str:
        return design or self.settings.esco_design

    def esco_linker(self, esco_dir: Path | None = None, design: str | None = None) -> Any:
        """Build the ESCO second tier (careerpath.linking.SkillLinker): the release, the design and its encoder."""
        from careerpath.esco import load_esco
        from careerpath.linking import build_skill_linker, design_config

        folder = self.esco_dir(esco_dir, design)
        if folder is None:
            raise InputError("The ESCO tier needs an ESCO folder: pass --esco DIR or set CAREERPATH_ESCO_DIR.")
        chosen = self.esco_design(design)
        design_config(chosen)  # an unknown design fails before the release is read
        return build_skill_linker(
            load_esco(folder), chosen, cache_dir=self.embeddings_cache_dir, onnx_dir=self.settings.onnx_dir
        )

    def posting_parser_factory(self, esco_dir: Path | None = None, design: str | None = None) -> Any:
        """A picklable parser factory for ingest: the user's taxonomy and roles, plus the ESCO tier when asked.

        The ESCO tier runs when ``esco_dir`` or ``design`` is given (``design`` alone uses $CAREERPATH_ESCO_DIR).
        """
        from functools import partial

        from careerpath.market.parsers import default_parser, esco_parser_factory

        taxonomy_files = tuple(str(p) for p in self._user_file(self.settings.user_taxonomy_file))
        role_files = tuple(str(p) for p in self._user_file(self.settings.user_roles_file))
        if esco_dir is None and design is None:
            return partial(default_parser, taxonomy_files, role_files)
        folder = self.esco_dir(esco_dir, design)
        assert folder is not None  # esco_dir() raised when a design came without a folder
        return esco_parser_factory(
            folder,
            self.esco_design(design),
            cache_dir=self.embeddings_cache_dir,
            onnx_dir=self.settings.onnx_dir,
            taxonomy_files=taxonomy_files,
            role_files=role_files,
        )

    # Defaults of the interfaces ---------------------------------------------------------------
    def hours_per_week(self, given: float | None) -> float:
        """The weekly study budget: ``given`` (checked), else $CAREERPATH_HOURS_PER_WEEK."""
        return self.settings.hours_per_week if given is None else check_hours_per_week(given)

    @property
    def max_resume_bytes(self) -> int:
        return self.settings.max_resume_bytes

    def done(self) -> list[str]:
        """Skill ids recorded with `careerpath progress done`; plans leave them out."""
        from careerpath.plans.progress import load_progress

        return list(load_progress(self.settings.progress_file).done)
