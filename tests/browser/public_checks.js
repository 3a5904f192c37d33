// Measurements the public-site browser checks take inside the page: colour contrast of the
// focused element, sideways scrolling. Loaded with page.add_script_tag; sets window.quipuChecks.
(() => {
  function parse(colour) {
    const match = /rgba?\(([^)]+)\)/.exec(colour || "");
    if (!match) return null;
    const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  }

  function luminance({ r, g, b }) {
    const channel = (value) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  }

  function contrast(a, b) {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  }

  function blend(top, bottom) {
    const a = top.a;
    return {
      r: top.r * a + bottom.r * (1 - a),
      g: top.g * a + bottom.g * (1 - a),
      b: top.b * a + bottom.b * (1 - a),
      a: 1,
    };
  }

  // The colour behind an element: its own background, else the nearest ancestor's, over white.
  function backgroundBehind(element, includeSelf) {
    const layers = [];
    let node = includeSelf ? element : element.parentElement;
    while (node) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a >= 1) break;
      }
      node = node.parentElement;
    }
    let result = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) result = blend(layer, result);
    return result;
  }

  function shadowColours(boxShadow) {
    if (!boxShadow || boxShadow === "none") return [];
    return (boxShadow.match(/rgba?\([^)]+\)/g) || []).map(parse).filter((c) => c && c.a > 0);
  }

  function describe(element) {
    const text = (element.innerText || element.value || element.getAttribute("aria-label") || "")
      .trim()
      .replace(/\s+/g, " ")
      .slice(0, 60);
    const place = element.closest("header") ? "header" : element.closest("footer") ? "footer" : "body";
    return `${place} <${element.tagName.toLowerCase()}> "${text}"`;
  }

  // How every focusable element looks unfocused, so a focus indicator is only what changes.
  const FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";
  let unfocused = new WeakMap();
  function snapshot() {
    unfocused = new WeakMap();
    for (const element of document.querySelectorAll(FOCUSABLE)) {
      const style = getComputedStyle(element);
      unfocused.set(element, {
        outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
        boxShadow: style.boxShadow,
        background: style.backgroundColor,
      });
    }
  }

  // The focused element's text against its background, and the strongest part of its focus
  // indicator (an outline, a shadow or a background that focus added) against what surrounds it.
  function focusReport() {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const before = unfocused.get(element) || {};
    const surround = backgroundBehind(element, false);
    const own = backgroundBehind(element, true);
    const text = parse(style.color);
    const indicators = [];
    const outline = `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
    if (outline !== before.outline && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
      const colour = parse(style.outlineColor);
      if (colour && colour.a > 0) indicators.push(colour);
    }
    if (style.boxShadow !== before.boxShadow) indicators.push(...shadowColours(style.boxShadow));
    if (style.backgroundColor !== before.background) indicators.push(own);
    const indicatorContrast = Math.max(
      0, ...indicators.map((c) => contrast(blend(c, surround), surround)),
    );
    const hasText = (element.innerText || element.value || "").trim().length > 0;
    return {
      element: describe(element),
      textContrast: hasText && text ? contrast(blend(text, own), own) : null,
      indicatorContrast,
      visible: element.getClientRects().length > 0,
    };
  }

  // Elements wider than the viewport, or reaching past its right edge.
  function sidewaysOverflow() {
    const width = document.documentElement.clientWidth;
    const culprits = [];
    if (document.documentElement.scrollWidth <= width) return { width, scrollWidth: width, culprits };
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.width === 0) continue;
      if (box.right > width + 1) {
        // Report the outermost offender only.
        if (!culprits.some((c) => c.node.contains(element))) {
          culprits.push({ node: element, right: Math.round(box.right) });
        }
      }
    }
    return {
      width,
      scrollWidth: document.documentElement.scrollWidth,
      culprits: culprits.slice(0, 5).map((c) => `${describe(c.node)} .${c.node.className} right=${c.right}`),
    };
  }

  window.quipuChecks = { snapshot, focusReport, sidewaysOverflow, contrast, parse };
})();
