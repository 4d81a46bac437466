"""Architecture rules: backends stay UI-free, the home page stays light."""

import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_IMPORT = re.compile(r"^\s*(import|from)\s+(streamlit|gradio)\b", re.MULTILINE)
GLOBAL_SEED = re.compile(r"(np\.random\.seed|torch\.manual_seed|random\.seed|set_random_seed)\(")


def test_playground_never_imports_a_ui_library():
    offenders = [str(p.relative_to(ROOT)) for p in ROOT.glob("playground/**/*.py")
                 if UI_IMPORT.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_nothing_seeds_globally():
    sources = [*ROOT.glob("playground/**/*.py"), *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]
    offenders = [str(p.relative_to(ROOT)) for p in sources
                 if GLOBAL_SEED.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_home_page_imports_no_heavy_library():
    script = textwrap.dedent("""
        import sys
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file("streamlit_app.py", default_timeout=60)
        at.run()
        assert not at.exception, at.exception
        heavy = [m for m in ("torch", "tensorflow", "transformers", "keras") if m in sys.modules]
        print("heavy:", ",".join(heavy))
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "heavy: \n" in result.stdout or result.stdout.strip().endswith("heavy:")
