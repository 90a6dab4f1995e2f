"""Near-duplicate marking on Spark, distributed: the keep rule of ``careerpath.market.dedup`` with
DataFrame operations only, so no posting ever travels to the driver.

1. ``add_signatures``: each posting's ``dedup.signature`` (exact key, 8 LSH band keys, 64 MinHash
   values) computed on the executors (``mapInArrow``, the same pure function the DuckDB engine uses).
2. Candidate pairs: the exact key and the band keys are exploded and self-joined (a shuffle on the
   key), keeping pairs of two new postings or a new and a stored one.
3. Verification: a pair is an edge when the keys are exact, or when at least ``MIN_EQUAL`` of the
   64 MinHash values agree (Spark SQL ``zip_with``/``aggregate``, integer arithmetic).
4. Groups: connected components by min-label propagation (joins until no label changes; the label
   is the ``rank_key`` struct, so a component converges to the posting it keeps).
5. Each new posting gets ``kept_id`` (its group's first posting by the rule) and ``is_duplicate``.

Example::

    marked = mark_duplicates(add_signatures(postings), existing=stored_signatures)
"""

from __future__ import annotations

from typing import Any

from careerpath.market.dedup import MIN_EQUAL, signature

SIGNATURE_COLUMNS = ("dedup_key", "band_keys", "minhash")
MAX_ROUNDS = 100  # label propagation rounds: a component's diameter; real groups need a handful


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
    compute = F.udf(lambda t, c, loc, d: _signature_row(t, c, loc, d), T.StructType(signature_fields()))
    packed = compute(F.col(title_col), F.col(company_col), F.col(location_col), F.col(text_col))
    return df.withColumn("_signature", packed).select(
        *[F.col(f"`{name}`") for name in df.columns],
        *[F.col(f"_signature.{name}").alias(name) for name in SIGNATURE_COLUMNS],
    )


def _signature_row(
    title: str | None, company: str | None, location: str | None, description: str | None
) -> tuple[int, list[int], list[int]] | None:
    found = signature(title or "", company, location, description)
    return (found.dedup_key, list(found.band_keys), list(found.minhash)) if found else None


def _nodes(df: Any, id_col: str, date_col: str, stored: bool) -> Any:
    from pyspark.sql import functions as F

    posted = F.col(date_col).cast("date")
    return df.select(
        F.col(id_col).cast("string").alias("id"),
        F.lit(stored).alias("stored"),
        # The rank_key of careerpath.market.dedup: stored first, earliest date (undated last), smallest id.
        F.struct(
            F.lit(0 if stored else 1).alias("new"),
            posted.isNull().alias("undated"),
            F.coalesce(posted, F.lit("9999-12-31").cast("date")).alias("posted_on"),
            F.col(id_col).cast("string").alias("id"),
        ).alias("rank"),
        "dedup_key",
        "band_keys",
        "minhash",
    )


def mark_duplicates(
    df: Any,
    *,
    id_col: str = "posting_id",
    date_col: str = "posted_on",
    existing: Any = None,
    checkpoint: bool = True,
) -> Any:
    """Returns ``df`` with ``is_duplicate`` (boolean) and ``kept_id`` (string) added.

    ``df`` holds new postings with unique ids and the signature columns (``add_signatures`` is
    applied when they are missing); ``existing`` the stored postings' ``id_col``, ``date_col`` and
    signature columns (their flags never change; ids disjoint from ``df``'s). ``checkpoint``
    truncates the lineage of each propagation round (``localCheckpoint``), which keeps long
    chains of rounds from re-running the whole plan.
    """
    from pyspark.sql import functions as F

    if not set(SIGNATURE_COLUMNS) <= set(df.columns):
        df = add_signatures(df)
    nodes = _nodes(df, id_col, date_col, stored=False)
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
        .select(F.col("a.id").alias("src"), F.col("b.id").alias("dst"))
        .distinct()
    )
    signed = nodes.select("id", "dedup_key", "minhash")
    agreeing = F.aggregate(
        F.zip_with("s.minhash", "d.minhash", lambda x, y: F.when(x == y, 1).otherwise(0)),
        F.lit(0),
        lambda acc, v: acc + v,
    )
    edges = (
        pairs.join(signed.alias("s"), F.col("src") == F.col("s.id"))
        .join(signed.alias("d"), F.col("dst") == F.col("d.id"))
        .where(
            (F.col("s.dedup_key") == F.col("d.dedup_key"))
            | ((F.size("s.minhash") > 0) & (F.size("d.minhash") > 0) & (agreeing >= MIN_EQUAL))
        )
        .select("src", "dst")
    )
    edges = edges.unionByName(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
    if checkpoint:
        edges = edges.localCheckpoint()
    labels = (
        edges.select(F.col("src").alias("id"))
        .distinct()
        .join(nodes.select("id", "rank"), "id")
        .select("id", F.col("rank").alias("label"))
    )
    for _ in range(MAX_ROUNDS):
        heard = edges.join(labels, edges.src == labels.id).select(F.col("dst").alias("id"), "label")
        updated = labels.unionByName(heard).groupBy("id").agg(F.min("label").alias("label"))
        if checkpoint:
            updated = updated.localCheckpoint()
        changed = (
            updated.alias("u")
            .join(labels.alias("l"), "id")
            .where(F.col("u.label") != F.col("l.label"))
            .limit(1)
            .count()
        )
        labels = updated
        if changed == 0:
            break
    else:
        raise RuntimeError(f"duplicate groups did not settle in {MAX_ROUNDS} rounds")
    kept = labels.select(F.col("id").alias("_dedup_id"), F.col("label.id").alias("_kept_id"))
    own = F.col(id_col).cast("string")
    return (
        df.join(kept, own == F.col("_dedup_id"), "left")
        .withColumn("kept_id", F.coalesce(F.col("_kept_id"), own))
        .withColumn("is_duplicate", F.col("kept_id") != own)
        .drop("_dedup_id", "_kept_id")
    )
