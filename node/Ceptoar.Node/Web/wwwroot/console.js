// The web console's one script (docs/CONSOLE.md §1): loaded from the node itself, as the Content-Security-Policy allows
// nothing inline. Every page works without it; it is here for what needs it, such as the live drill board's
// server-sent events. It marks the document so the style sheet can tell.
"use strict";
document.documentElement.classList.add("js");
