"""CI's Elasticsearch compatibility module: a source tree, built against a real node's jars.

The build runs the machine's javac against the installation `.ci/elasticsearch.sh start` made
(QUIPU_ES_NODE, else the script's default folder), into a cache folder of the test's own.
"""

import os
import pwd
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[1]
CI_DIR = ROOT / ".ci"
COMPAT = CI_DIR / "elasticsearch-compat"

# The line that opens a Java class, as it would appear in a heredoc.
JAVA_CLASS = re.compile(
    r"^\s*(public\s+)?(abstract\s+|final\s+)*class\s+\w+[^\n]*\b(extends|implements)\b", re.M
)


def installed_node():
    """The unpacked Elasticsearch the CI script installed, or None."""
    candidates = []
    if os.environ.get("QUIPU_ES_NODE"):
        candidates.append(Path(os.environ["QUIPU_ES_NODE"]))
    version = os.environ.get("QUIPU_ES_VERSION", "*")
    try:
        candidates += Path(pwd.getpwnam("quipu-es").pw_dir).glob(f"elasticsearch-{version}")
    except KeyError:
        pass
    cache = Path(os.environ.get("QUIPU_ES_HOME", Path.home() / ".cache/quipu/elasticsearch"))
    candidates += cache.glob(f"node-{version}")
    for node in candidates:
        if list((node / "lib").glob("elasticsearch-[0-9]*.jar")):
            return node
    return None


def build(source, node, cache):
    return subprocess.run(
        ["bash", str(source / "build.sh"), str(node), str(cache)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_no_shell_script_of_ci_carries_java_source():
    scripts = [path for path in CI_DIR.rglob("*") if path.is_file() and path.suffix in {".sh", ""}]
    assert CI_DIR / "elasticsearch.sh" in scripts
    assert [str(path) for path in scripts if JAVA_CLASS.search(path.read_text())] == []
    sources = sorted(path.name for path in COMPAT.rglob("*.java"))
    assert "QuipuCompatPlugin.java" in sources
    assert JAVA_CLASS.search(
        (COMPAT / "src/main/java/org/quipu/es/compat/RootHandler.java").read_text()
    )


def test_the_module_is_built_once_per_version_and_source_and_packaged(tmp_path):
    node = installed_node()
    require_service(
        node is not None and shutil.which("bash"),
        "no Elasticsearch installation to compile against (bash .ci/elasticsearch.sh start)",
    )
    version = next((node / "lib").glob("elasticsearch-[0-9]*.jar")).stem.split("-", 1)[1]
    cache = tmp_path / "cache"

    first = build(COMPAT, node, cache)
    assert first.returncode == 0, first.stderr
    built = Path(first.stdout.strip())
    assert built.parent == cache
    assert re.fullmatch(rf"quipu-compat-{re.escape(version)}-[0-9a-f]{{12}}", built.name)
    assert "compiling" in first.stderr
    descriptor = (built / "plugin-descriptor.properties").read_text()
    assert f"elasticsearch.version={version}\n" in descriptor
    assert "classname=org.quipu.es.compat.QuipuCompatPlugin" in descriptor
    assert "@ES_VERSION@" not in descriptor
    with zipfile.ZipFile(built / "quipu-compat.jar") as jar:
        classes = set(jar.namelist())
    assert "org/quipu/es/compat/QuipuCompatPlugin.class" in classes
    assert "org/quipu/es/compat/RootHandler.class" in classes

    # The same version and sources: taken from the cache, javac does not run.
    again = build(COMPAT, node, cache)
    assert again.returncode == 0, again.stderr
    assert Path(again.stdout.strip()) == built
    assert "compiling" not in again.stderr

    # A changed source is a new build beside the first; one that does not compile is refused
    # with javac's message, and leaves nothing in the cache that could be taken for a build.
    changed = tmp_path / "changed"
    shutil.copytree(COMPAT, changed)
    stemmers = changed / "src/main/java/org/quipu/es/compat/Stemmers.java"
    stemmers.write_text(stemmers.read_text() + "\n// another revision\n")
    other = build(changed, node, cache)
    assert other.returncode == 0, other.stderr
    assert Path(other.stdout.strip()) not in {built} and Path(other.stdout.strip()).is_dir()
    stemmers.write_text(stemmers.read_text() + "\nclass Broken {\n")
    broken = build(changed, node, cache)
    assert broken.returncode == 1
    assert "error" in broken.stderr
    assert sorted(path.name for path in cache.iterdir()) == sorted(
        [built.name, Path(other.stdout.strip()).name]
    )
