//! What an SVG prep publishes may contain: the allowlists.
//!
//! Everything here only draws. Anything that can run code (`script`, event handlers,
//! `foreignObject`), load or embed another resource (external `href`s, `feImage`, `cursor`,
//! fonts, `@import`), or change how the rest is read (`xml:base`, DTDs) is left out, and what
//! is not listed is refused. Names are case-sensitive, as XML reads them.

/// The SVG namespace.
pub(super) const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// The XLink namespace (`xlink:href`).
pub(super) const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
/// The namespace of the `xml:` prefix.
pub(super) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Namespaces of editor metadata (Inkscape, Sodipodi, Adobe, RDF, Dublin Core, Creative
/// Commons): browsers give their elements and attributes no behaviour, and design tools
/// write them, so they pass. Their children are checked like any other element.
const INERT_NAMESPACES: &[&str] = &[
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://inkscape.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/Flows/1.0/",
    "http://ns.adobe.com/ImageReplacement/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Variables/1.0/",
    "http://ns.adobe.com/GenericCustomNamespace/1.0/",
    "http://ns.adobe.com/XPath/1.0/",
    "http://www.bohemiancoding.com/sketch/ns",
];

/// Whether `uri` is an editor-metadata namespace (see [`INERT_NAMESPACES`]).
pub(super) fn is_inert_namespace(uri: &str) -> bool {
    INERT_NAMESPACES.contains(&uri)
}

/// SVG elements that only draw, group, define paint or describe.
const ELEMENTS: &[&str] = &[
    "a",
    "animate",
    "animateMotion",
    "animateTransform",
    "circle",
    "clipPath",
    "defs",
    "desc",
    "ellipse",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "filter",
    "g",
    "image",
    "line",
    "linearGradient",
    "marker",
    "mask",
    "metadata",
    "mpath",
    "path",
    "pattern",
    "polygon",
    "polyline",
    "radialGradient",
    "rect",
    "set",
    "stop",
    "style",
    "svg",
    "switch",
    "symbol",
    "text",
    "textPath",
    "title",
    "tspan",
    "use",
    "view",
];

/// Whether `local` is an allowed SVG element.
pub(super) fn is_element(local: &str) -> bool {
    ELEMENTS.contains(&local)
}

/// Presentation attributes: the ones CSS also sets, and SMIL may animate.
const PRESENTATION: &[&str] = &[
    "alignment-baseline",
    "baseline-shift",
    "clip",
    "clip-path",
    "clip-rule",
    "color",
    "color-interpolation",
    "color-interpolation-filters",
    "color-rendering",
    "direction",
    "display",
    "dominant-baseline",
    "enable-background",
    "fill",
    "fill-opacity",
    "fill-rule",
    "filter",
    "flood-color",
    "flood-opacity",
    "font-family",
    "font-size",
    "font-size-adjust",
    "font-stretch",
    "font-style",
    "font-variant",
    "font-weight",
    "image-rendering",
    "isolation",
    "letter-spacing",
    "lighting-color",
    "marker-end",
    "marker-mid",
    "marker-start",
    "mask",
    "mix-blend-mode",
    "opacity",
    "overflow",
    "paint-order",
    "pointer-events",
    "shape-rendering",
    "stop-color",
    "stop-opacity",
    "stroke",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-opacity",
    "stroke-width",
    "text-anchor",
    "text-decoration",
    "text-rendering",
    "transform",
    "transform-box",
    "transform-origin",
    "unicode-bidi",
    "vector-effect",
    "visibility",
    "white-space",
    "word-spacing",
    "writing-mode",
];

/// Geometry and other attributes that hold numbers, lists or keywords.
const GEOMETRY: &[&str] = &[
    "cx",
    "cy",
    "d",
    "dx",
    "dy",
    "fr",
    "fx",
    "fy",
    "height",
    "lengthAdjust",
    "offset",
    "pathLength",
    "points",
    "r",
    "rotate",
    "rx",
    "ry",
    "startOffset",
    "textLength",
    "width",
    "x",
    "x1",
    "x2",
    "y",
    "y1",
    "y2",
];

/// Structural, gradient, filter and animation-timing attributes (no references).
const OTHER: &[&str] = &[
    "accumulate",
    "additive",
    "amplitude",
    "attributeType",
    "azimuth",
    "baseFrequency",
    "baseProfile",
    "begin",
    "bias",
    "by",
    "calcMode",
    "class",
    "clipPathUnits",
    "diffuseConstant",
    "divisor",
    "dur",
    "edgeMode",
    "elevation",
    "end",
    "exponent",
    "focusable",
    "from",
    "gradientTransform",
    "gradientUnits",
    "id",
    "in",
    "in2",
    "intercept",
    "k1",
    "k2",
    "k3",
    "k4",
    "kernelMatrix",
    "kernelUnitLength",
    "keyPoints",
    "keySplines",
    "keyTimes",
    "lang",
    "limitingConeAngle",
    "markerHeight",
    "markerUnits",
    "markerWidth",
    "maskContentUnits",
    "maskUnits",
    "max",
    "media",
    "method",
    "min",
    "mode",
    "numOctaves",
    "operator",
    "order",
    "orient",
    "path",
    "patternContentUnits",
    "patternTransform",
    "patternUnits",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "preserveAlpha",
    "preserveAspectRatio",
    "primitiveUnits",
    "radius",
    "refX",
    "refY",
    "repeatCount",
    "repeatDur",
    "restart",
    "result",
    "role",
    "scale",
    "seed",
    "side",
    "slope",
    "spacing",
    "specularConstant",
    "specularExponent",
    "spreadMethod",
    "stdDeviation",
    "stitchTiles",
    "surfaceScale",
    "systemLanguage",
    "tabindex",
    "tableValues",
    "targetX",
    "targetY",
    "title",
    "to",
    "type",
    "values",
    "version",
    "viewBox",
    "xChannelSelector",
    "yChannelSelector",
    "z",
    "zoomAndPan",
    "filterUnits",
    "href",
    "style",
    "attributeName",
];

/// Whether an attribute without a namespace may appear on an SVG element.
pub(super) fn is_attribute(local: &str) -> bool {
    PRESENTATION.contains(&local)
        || GEOMETRY.contains(&local)
        || OTHER.contains(&local)
        || local.starts_with("aria-")
        || is_data_attribute(local)
}

/// `data-*`, which editors use for layer names.
fn is_data_attribute(local: &str) -> bool {
    local.strip_prefix("data-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}

/// Attributes whose value is prose or a name, never read as CSS or a URL.
pub(super) fn is_free_text(local: &str) -> bool {
    matches!(local, "id" | "class" | "lang" | "role" | "title")
        || local.starts_with("aria-")
        || is_data_attribute(local)
}

/// What `<animate>`/`<set>` may change: drawing only, never a reference, a style sheet or a
/// handler (`attributeName="href"` turns a safe link into `javascript:`).
pub(super) fn is_animatable(name: &str) -> bool {
    PRESENTATION.contains(&name) || GEOMETRY.contains(&name)
}

/// CSS properties a style sheet or `style` attribute may set: the presentation attributes
/// plus layout-free text and animation properties. No `behavior`, `-moz-binding`,
/// `background`, `content`, `cursor` or `src`.
pub(super) fn is_css_property(name: &str) -> bool {
    PRESENTATION.contains(&name)
        || matches!(
            name,
            "font"
                | "font-variant-caps"
                | "font-variant-numeric"
                | "font-variant-ligatures"
                | "line-height"
                | "text-decoration-line"
                | "text-decoration-color"
                | "text-decoration-style"
                | "text-transform"
                | "animation"
                | "animation-name"
                | "animation-duration"
                | "animation-delay"
                | "animation-direction"
                | "animation-iteration-count"
                | "animation-fill-mode"
                | "animation-timing-function"
                | "animation-play-state"
                | "transition"
                | "transition-property"
                | "transition-duration"
                | "transition-delay"
                | "transition-timing-function"
                | "cx"
                | "cy"
                | "r"
                | "rx"
                | "ry"
                | "x"
                | "y"
                | "width"
                | "height"
        )
}

/// CSS functions allowed in values (and `ident(` in attribute values): colours,
/// arithmetic, transforms, timing, and `url()` (checked to be a `#fragment`).
pub(super) fn is_css_function(name: &str) -> bool {
    matches!(
        name,
        "url"
            | "rgb"
            | "rgba"
            | "hsl"
            | "hsla"
            | "calc"
            | "min"
            | "max"
            | "clamp"
            | "matrix"
            | "translate"
            | "translatex"
            | "translatey"
            | "scale"
            | "scalex"
            | "scaley"
            | "rotate"
            | "skew"
            | "skewx"
            | "skewy"
            | "cubic-bezier"
            | "steps"
    )
}

/// The public identifiers of the W3C SVG DTDs: a DOCTYPE naming one of them (without an
/// internal subset) is what older editors write, and browsers never fetch it.
pub(super) fn is_svg_public_id(id: &str) -> bool {
    id.starts_with("-//W3C//DTD SVG ")
}
