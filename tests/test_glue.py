"""infocourse.glue writes exactly what myst_nb.glue writes (so the website reads it)."""

import pytest
from IPython.core.interactiveshell import InteractiveShell

from infocourse.glue import glue


def _captured(fn, *args, **kwargs):
    shell = InteractiveShell.instance()
    published = []
    original = shell.display_pub.publish

    def publish(data, metadata=None, **kw):
        published.append((data, metadata))

    shell.display_pub.publish = publish
    try:
        fn(*args, **kwargs)
    finally:
        shell.display_pub.publish = original
    return published


@pytest.mark.parametrize("value", ["0.5004", 3, [1, 2]])
@pytest.mark.parametrize("display", [False, True])
def test_same_output_as_myst_nb(value, display):
    from myst_nb import glue as myst_glue

    ours = _captured(glue, "key", value, display=display)
    theirs = _captured(myst_glue, "key", value, display=display)
    assert ours == theirs and len(ours) == 1
    _, metadata = ours[0]
    assert metadata["scrapbook"]["name"] == "key"


def test_bad_name():
    with pytest.raises(ValueError, match="name must be a non-empty string"):
        glue("", "x")
