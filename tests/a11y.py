"""WCAG 2.2 AA checks that axe does not make (issue 24), for the browser tests.

- `overflow`: how far the page scrolls sideways (1.4.10 reflow: none at 320 px);
- `focus_problems`: Tab through the page and measure each focus indicator from the computed
  styles (1.4.11 / 2.4.11: ≥ 3:1 against the background behind it; a two-colour ring passes
  when its outer colour does, or its inner one does and the two differ by ≥ 3:1);
- `error_summary_problems`: after a failed submit, focus is on the error summary, each of its
  links reaches an invalid field, and every invalid field names hint and error ids that exist;
- `html_error_summary_problems`: the same promise read from a server-rendered page, for view
  tests without a browser;
- `axe_violations` (axe-core, tests/vendor/axe-core) and `htmlcs_errors` (HTML_CodeSniffer,
  the engine pa11y runs, tests/vendor/html_codesniffer), the two independent checkers
  (tests/test_wcag_demo.py runs both on every role's pages of the seeded demo).

The contrast arithmetic is WCAG's own (relative luminance of sRGB), done here in Python
on the colours the browser computed, not taken from either checker.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).resolve().parent / "vendor"
AXE = VENDOR / "axe-core" / "axe.min.js"
HTMLCS = VENDOR / "html_codesniffer" / "HTMLCS.js"
#: the widths the issue asks for: the WCAG reflow width and a desktop
WIDTHS = {"320": {"width": 320, "height": 720}, "1280": {"width": 1280, "height": 900}}

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?\s*\)")


def parse_colour(text: str) -> tuple[float, float, float, float] | None:
    """The first rgb()/rgba() colour in a computed style value, with its alpha."""
    match = _RGB.search(text or "")
    if not match:
        return None
    red, green, blue, alpha = match.groups()
    return float(red), float(green), float(blue), float(alpha) if alpha is not None else 1.0


def luminance(colour: tuple[float, ...]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: tuple[float, ...], other: tuple[float, ...]) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def overflow(page: Any) -> int:
    """Pixels the page scrolls sideways (0 when it reflows)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


#: the focused element's indicator and the colour behind it (the first opaque ancestor's)
_FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  let behind = 'rgb(255, 255, 255)';
  for (let node = el.parentElement; node; node = node.parentElement) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\\([^)]*,\\s*0\\)$/.test(bg)) { behind = bg; break; }
  }
  const rect = el.getBoundingClientRect();
  return {
    what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).join('.') : ''),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor, boxShadow: style.boxShadow, behind: behind,
    visible: rect.width > 0 && rect.height > 0,
  };
}"""


def focus_indicator_problem(style: dict[str, Any]) -> str | None:
    """Why this focused element's indicator fails 3:1 (None when it passes)."""
    behind = parse_colour(style["behind"]) or (255.0, 255.0, 255.0, 1.0)
    outline = parse_colour(style["outlineColor"]) if style["outlineStyle"] != "none" else None
    halo = parse_colour(style["boxShadow"]) if style["boxShadow"] not in ("", "none") else None
    if outline is None or style["outlineWidth"] < 2:
        return f"{style['what']}: no outline of at least 2 px"
    outer = contrast(outline, behind)
    if outer >= 3:
        return None
    if halo is not None and contrast(halo, behind) >= 3 and contrast(halo, outline) >= 3:
        return None
    return f"{style['what']}: focus outline {outer:.2f}:1 against {style['behind']}"


def focus_problems(page: Any, *, stops: int = 60) -> tuple[int, list[str]]:
    """Tab from the top through up to `stops` focus stops; (stops measured, problems)."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.locator("body").focus()
    problems: list[str] = []
    seen: list[str] = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        style = page.evaluate(_FOCUS_STYLE)
        if style is None:
            break
        if seen and style["what"] == seen[0] and len(seen) > 2:
            break  # round the page once
        seen.append(style["what"])
        if style["visible"] and focus_indicator_problem(style):
            page.wait_for_timeout(100)  # a date field's inner parts restyle the field a frame later
            style = page.evaluate(_FOCUS_STYLE) or style
            if problem := focus_indicator_problem(style):
                problems.append(f"{problem} [{style['outlineStyle']} {style['outlineWidth']}]")
    return len(seen), sorted(set(problems))


_SUMMARY = """() => {
  const summary = document.querySelector('[data-error-summary]');
  const exists = (ids) => (ids || '').split(/\\s+/).filter(Boolean).filter(id => !document.getElementById(id));
  const invalid = [...document.querySelectorAll('[aria-invalid="true"]')].map(el => ({
    id: el.id, missing: exists(el.getAttribute('aria-describedby')),
    describedby: el.getAttribute('aria-describedby') || '',
  }));
  return {
    present: !!summary,
    focused: !!summary && document.activeElement === summary,
    links: summary ? [...summary.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href').slice(1)) : [],
    invalid: invalid,
  };
}"""


def error_summary_problems(page: Any) -> list[str]:
    """After a failed submit: the summary has focus, each link moves focus to an invalid
    field, and every invalid field is described by a hint/error id that exists."""
    state = page.evaluate(_SUMMARY)
    if not state["present"]:
        return ["no error summary"]
    problems = [] if state["focused"] else ["focus is not on the error summary"]
    if not state["links"] and state["invalid"]:
        problems.append("the error summary links to none of the invalid fields")
    invalid_ids = {item["id"] for item in state["invalid"]}
    for item in state["invalid"]:
        if not item["describedby"]:
            problems.append(f"#{item['id']}: aria-invalid without aria-describedby")
        if item["missing"]:
            problems.append(f"#{item['id']}: aria-describedby names missing ids {item['missing']}")
    for target in state["links"]:
        link = page.locator(f"[data-error-summary] a[href='#{target}']").first
        link.focus()
        page.keyboard.press("Enter")
        focused = page.evaluate("() => document.activeElement && document.activeElement.id")
        if focused != target:
            problems.append(f"summary link #{target} moved focus to #{focused}")
        if target not in invalid_ids:
            problems.append(f"summary link #{target}: the field is not aria-invalid")
    return problems


def _inject(page: Any, path: Path, global_name: str) -> None:
    """Load a vendored checker into the page. Through the DevTools protocol, so the page's
    CSP (scripts of our origin only) stays in force for everything else."""
    if not page.evaluate(f"() => typeof window.{global_name} !== 'undefined'"):
        page.evaluate(path.read_text(encoding="utf-8") + f"\n;window.{global_name} = {global_name}; 0")


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations (every impact) on the page, one line each."""
    _inject(page, AXE, "axe")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in result["violations"]
    ]


def htmlcs_errors(page: Any, standard: str = "WCAG2AA") -> list[str]:
    """HTML_CodeSniffer's errors (type 1) on the page, as pa11y's runner collects them."""
    _inject(page, HTMLCS, "HTMLCS")
    messages = page.evaluate(
        """(standard) => new Promise((resolve, reject) => {
          HTMLCS.process(standard, window.document, () => resolve(HTMLCS.getMessages().filter(m => m.type === 1)
            .map(m => m.code + ': ' + m.msg.slice(0, 120) + ' @ ' + (m.element && m.element.outerHTML
              ? m.element.outerHTML.slice(0, 100) : ''))), reject);
        })""",
        standard,
    )
    return list(messages)


_TAG = re.compile(r"<(input|select|textarea)\b([^>]*)>")
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')


def html_error_summary_problems(body: str, *, invalid: set[str]) -> list[str]:
    """The same promise as `error_summary_problems`, read from a server-rendered page without a
    browser: an error summary above the form whose links each reach a field marked
    aria-invalid, exactly the fields named in `invalid` (by their `name`) marked so, and every
    aria-describedby naming ids that exist."""
    start = body.find("data-error-summary")
    if start < 0:
        return ["no error summary"]
    problems = []
    if (form := body.find("<form", body.find("<main"))) >= 0 and form < start:
        problems.append("the error summary comes after the form")
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    fields = [dict(_ATTR.findall(attrs)) for _tag, attrs in _TAG.findall(body)]
    marked = {field.get("name", "") for field in fields if field.get("aria-invalid") == "true"}
    if marked != invalid:
        problems.append(f"aria-invalid on {sorted(marked)}, expected {sorted(invalid)}")
    invalid_ids = {field.get("id") for field in fields if field.get("aria-invalid") == "true"}
    summary = body[start : body.index("</ul>", start)]
    for anchor in re.findall(r'<a href="#([^"]+)"', summary):
        if anchor not in invalid_ids:
            problems.append(f"summary link #{anchor} reaches no field marked aria-invalid")
    for field in fields:
        for ref in field.get("aria-describedby", "").split():
            if ref not in ids:
                problems.append(f"{field.get('name')}: aria-describedby names #{ref}, which does not exist")
    return problems
