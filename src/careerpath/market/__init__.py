"""Job-market intelligence: ingest postings (files, Hacker News, Kafka), then demand, pay, trends."""

# Records per store transaction, for every engine and entry point (CLI, Kafka consumer, library):
# fewer commits (each syncs to disk, or writes one Parquet part per table) at bounded memory.
# Here, in a module without imports, so the CLI can show it as its default without loading numpy.
DEFAULT_BATCH_SIZE = 4000
