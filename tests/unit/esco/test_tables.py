from __future__ import annotations

import gzip
from pathlib import Path

import duckdb
import pytest

from careerpath.esco import EscoInputError, import_esco, import_onet, load_esco, read_releases

SKILLS = (
    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,"
    "scopeNote,definition,inScheme,description\n"
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/s1,knowledge,cross-sector,Python (computer programming),"
    '"python\nPython programming",,released,,,,,The language.\n'
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/s2,skill/competence,transversal,manage time,,,released,"
    ",,,,Plan your time.\n"
)
OCCUPATIONS = (
    "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,"
    "regulatedProfessionNote,scopeNote,definition,inScheme,description,code\n"
    'Occupation,http://data.europa.eu/esco/occupation/o1,2511,data scientist,"data science expert",,released,,,,,,'
    "Finds patterns.,2511.4\n"
)
RELATIONS = (
    "occupationUri,relationType,skillType,skillUri\n"
    "http://data.europa.eu/esco/occupation/o1,essential,knowledge,http://data.europa.eu/esco/skill/s1\n"
)


def write_esco(folder: Path, *, gzipped: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for stem, text in (("skills_en", SKILLS), ("occupations_en", OCCUPATIONS), ("occupationSkillRelations", RELATIONS)):
        if gzipped:
            with gzip.open(folder / f"{stem}.csv.gz", "wt", encoding="utf-8") as handle:
                handle.write(text)
        else:
            (folder / f"{stem}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("gzipped", [False, True])
def test_load_esco_reads_plain_and_gzipped_csv(tmp_path, gzipped):
    taxonomy = load_esco(write_esco(tmp_path / "esco_v1_2_0", gzipped=gzipped))
    assert taxonomy.version == "1.2.0"
    python = taxonomy.skill_by_label()["Python (computer programming)"]
    assert python.alt_labels == ("python", "Python programming")
    assert python.all_labels[0] == "Python (computer programming)"
    assert taxonomy.occupations[0].isco_group == "2511"
    assert taxonomy.relations[0].relation_type == "essential"
    assert taxonomy.fingerprint


def test_load_esco_names_the_missing_file(tmp_path):
    folder = write_esco(tmp_path / "esco", gzipped=False)
    (folder / "occupations_en.csv").unlink()
    with pytest.raises(EscoInputError, match="occupations_en"):
        load_esco(folder)


def test_load_esco_rejects_a_missing_folder(tmp_path):
    with pytest.raises(EscoInputError, match="does not exist"):
        load_esco(tmp_path / "nowhere")


def test_import_esco_writes_tables_and_version(tmp_path):
    store = tmp_path / "home" / "careerpath.duckdb"
    summary = import_esco(write_esco(tmp_path / "esco_v1_1_1", gzipped=True), store)
    assert summary.version == "1.1.1"
    assert summary.row_counts["esco_skills"] == 2
    with duckdb.connect(str(store)) as connection:
        labels = connection.execute("SELECT alt_labels FROM esco_skills WHERE uri LIKE '%s1'").fetchone()
    assert labels == (["python", "Python programming"],)
    assert read_releases(store)[0]["version"] == "1.1.1"


def test_import_onet_reads_version_from_readme(tmp_path):
    folder = tmp_path / "onet"
    folder.mkdir()
    (folder / "ONET_Read_Me.txt").write_text("O*NET 29.0 Database\nAugust 2024 Release\n")
    (folder / "Occupation_Data.txt").write_text(
        "O*NET-SOC Code\tTitle\tDescription\n15-2051.00\tData Scientists\tDevelop and implement methods.\n"
    )
    store = tmp_path / "store.duckdb"
    summary = import_onet(folder, store)
    assert summary.version == "29.0"
    with duckdb.connect(str(store)) as connection:
        assert connection.execute("SELECT title FROM onet_occupations").fetchone() == ("Data Scientists",)


def test_import_onet_without_occupation_data_is_an_input_error(tmp_path):
    with pytest.raises(EscoInputError, match="Occupation_Data"):
        import_onet(tmp_path, tmp_path / "s.duckdb")
