"""Near-duplicate marking on Spark, distributed: the keep rule of ``careerpath.market.dedup`` with
DataFrame operations only, so no posting ever travels to the driver.

1. ``add_signatures``: each posting's ``dedup.signature`` (exact key, 8 LSH band keys, 64 MinHash
   values), computed on the executors (a Python UDF calling the same pure function the DuckDB
   engine uses), once, into a narrow frame kept on the executors (``localCheckpoint``).
2. Candidate pairs: the exact key and the band keys are exploded and self-joined (a shuffle on the
   key), keeping pairs of two new postings or of a new and a stored one.
3. Verification: a pair is a near-duplicate when the keys are exact, or when at least ``MIN_EQUAL``
   of the 64 MinHash values agree (Spark SQL ``zip_with``/``aggregate``, integer arithmetic).
4. Each pair's later-ranked posting (``rank_key`` as a struct: undated last, date, content key,
   id) is a duplicate of the earlier one: a group-by on the later posting gives ``duplicate_of``;
   stored postings that come later are un-kept.

Example::

    marked, unkept = decide_duplicates(add_signatures(postings), existing=stored_signatures)
"""

from __future__ import annotations

from typing import Any

from careerpath.market.dedup import MIN_EQUAL, signature

SIGNATURE_COLUMNS = ("dedup_key", "band_keys", "minhash")


def signature_fields() -> list[Any]:
    """Returns the Spark fields ``add_signatures`` adds: dedup_key long, band_keys/minhash array<long>."""
    from pyspark.sql import types as T

    return [
        T.StructField("dedup_key", T.LongType(), True),
        T.StructField("band_keys", T.ArrayType(T.LongType(), False), True),
        T.StructField("minhash", T.ArrayType(T.LongType(), False), True),
    ]


def add_signatures(
    df: Any,
    *,
    title_col: str = "title",
    company_col: str = "company",
    location_col: str = "location",
    text_col: str = "description",
) -> Any:
    """Returns ``df`` with the signature columns, computed on the executors (no description: nulls).

    A plain Python UDF (rows pickled to the executors' Python workers): Arrow UDFs would need pandas,
    which the ``spark`` extra does not install.
    """
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    # A lambda: pyspark warns that it cannot infer an eval type from the annotated function's hints.
    compute = F.udf(lambda t, c, loc, d: _signature_row(t, c, loc, d), T.StructType(signature_fields()), useArrow=False)
    packed = compute(F.col(title_col), F.col(company_col), F.col(location_col), F.col(text_col))
    return df.withColumn("_signature", packed).select(
        *[F.col(f"`{name}`") for name in df.columns],
        *[F.col(f"_signature.{name}").alias(name) for name in SIGNATURE_COLUMNS],
    )


def _signature_row(
    title: str | None, company: str | None, location: str | None, description: str | None
) -> tuple[int, list[int], list[int]] | None:
    found = signature(title or "", company, location, description)
    return (found.dedup_key, list(found.band_keys), found.minhash_values()) if found else None


def _nodes(df: Any, id_col: str, date_col: str, stored: bool) -> Any:
    from pyspark.sql import functions as F

    posted = F.col(date_col).cast("date")
    posting_id = F.col(id_col).cast("string")
    # As dedup.rank_key: "<source>:<number>" splits at the last colon, else (id, -1).
    source = F.regexp_extract(posting_id, r"(?s)^(.+):([0-9]{1,18})$", 1)
    number = F.regexp_extract(posting_id, r"(?s)^(.+):([0-9]{1,18})$", 2)
    numbered = F.length(source) > 0
    return df.select(
        F.col(id_col).cast("string").alias("id"),
        F.lit(stored).alias("stored"),
        # careerpath.market.dedup.rank_key: earliest date (undated last), smallest content key,
        # then the id as source and record number (a number).
        F.struct(
            posted.isNull().alias("undated"),
            F.coalesce(posted, F.lit("9999-12-31").cast("date")).alias("posted_on"),
            F.coalesce(F.col("dedup_key"), F.lit(0).cast("bigint")).alias("dedup_key"),
            F.when(numbered, source).otherwise(posting_id).alias("source"),
            F.when(numbered, number.cast("bigint")).otherwise(F.lit(-1).cast("bigint")).alias("number"),
            posting_id.alias("id"),
        ).alias("rank"),
        "dedup_key",
        "band_keys",
        "minhash",
    )


def mark_duplicates(df: Any, *, id_col: str = "posting_id", date_col: str = "posted_on", existing: Any = None) -> Any:
    """Returns ``df`` with ``is_duplicate`` (boolean) and ``duplicate_of`` (the id of its
    first-ranked near-duplicate ranking before it; null when kept); see ``decide_duplicates``."""
    return decide_duplicates(df, id_col=id_col, date_col=date_col, existing=existing)[0]


def decide_duplicates(
    df: Any,
    *,
    id_col: str = "posting_id",
    date_col: str = "posted_on",
    existing: Any = None,
    checkpoint: bool = True,
) -> tuple[Any, Any]:
    """Returns ``df`` marked (``is_duplicate``, ``duplicate_of``) and a frame of the ``posting_id``
    of the stored postings a new posting ranks before (to be read as duplicates from now on).

    ``df`` holds new postings with unique ids and either the signature columns or the text
    columns ``title``, ``company``, ``location`` and ``description`` (signatures are then computed
    once and returned with the result, for the store to keep); ``existing`` the stored postings'
    ``id_col``, ``date_col`` and signature columns (ids disjoint from ``df``'s). ``checkpoint``
    keeps the signatures and the verified pairs on the executors (``localCheckpoint``) so that
    the two results do not recompute them.
    """
    from pyspark.sql import functions as F

    signed = df if set(SIGNATURE_COLUMNS) <= set(df.columns) else None
    if signed is None:
        texts = df.select(id_col, date_col, "title", "company", "location", "description")
        signed = add_signatures(texts).drop("title", "company", "location", "description")
        if checkpoint:
            signed = signed.localCheckpoint()
    nodes = _nodes(signed, id_col, date_col, stored=False)
    if existing is not None:
        nodes = nodes.unionByName(_nodes(existing, id_col, date_col, stored=True))
    keys = nodes.where(F.col("dedup_key").isNotNull()).select(
        "id",
        "stored",
        F.explode(
            F.concat(
                F.array(F.struct(F.lit(0).alias("kind"), F.col("dedup_key").alias("key"))),
                F.transform(
                    F.coalesce("band_keys", F.array().cast("array<bigint>")),
                    lambda k: F.struct(F.lit(1).alias("kind"), k.alias("key")),
                ),
            )
        ).alias("k"),
    )
    a, b = keys.alias("a"), keys.alias("b")
    pairs = (
        a.join(b, (F.col("a.k") == F.col("b.k")) & (F.col("a.id") < F.col("b.id")))
        .where(~(F.col("a.stored") & F.col("b.stored")))
        .select(F.col("a.id").alias("x"), F.col("b.id").alias("y"))
        .distinct()
    )
    ends = nodes.select("id", "stored", "rank", "dedup_key", "minhash")
    agreeing = F.aggregate(
        F.zip_with("p.minhash", "q.minhash", lambda u, v: F.when(u == v, 1).otherwise(0)),
        F.lit(0),
        lambda acc, v: acc + v,
    )
    near = (
        pairs.join(ends.alias("p"), F.col("x") == F.col("p.id"))
        .join(ends.alias("q"), F.col("y") == F.col("q.id"))
        .where(
            (F.col("p.dedup_key") == F.col("q.dedup_key"))
            | ((F.size("p.minhash") > 0) & (F.size("q.minhash") > 0) & (agreeing >= MIN_EQUAL))
        )
        .select(
            F.when(F.col("p.rank") < F.col("q.rank"), F.col("q.id")).otherwise(F.col("p.id")).alias("later"),
            F.when(F.col("p.rank") < F.col("q.rank"), F.col("q.stored")).otherwise(F.col("p.stored")).alias("stored"),
            F.least(F.col("p.rank"), F.col("q.rank")).alias("earlier"),
        )
    )
    if checkpoint:
        near = near.localCheckpoint()
    first = (
        near.where(~F.col("stored"))
        .groupBy("later")
        .agg(F.min("earlier").alias("first"))
        .select(F.col("later").alias("_dedup_id"), F.col("first.id").alias("duplicate_of"))
    )
    unkept = near.where(F.col("stored")).select(F.col("later").alias("posting_id")).distinct()
    own = F.col(id_col).cast("string")
    if signed is not df:  # the signature columns travel with the result (a store keeps them)
        df = df.join(signed.select(F.col(id_col).alias("_signed_id"), *SIGNATURE_COLUMNS), own == F.col("_signed_id"))
        df = df.drop("_signed_id")
    marked = (
        df.join(first, own == F.col("_dedup_id"), "left")
        .withColumn("is_duplicate", F.col("duplicate_of").isNotNull())
        .drop("_dedup_id")
    )
    return marked, unkept
