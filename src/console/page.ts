// The console's one HTML page: a shell that loads the client's script and style files, nothing inline (the CSP
// allows no inline script or style). Everything else is drawn by the client from the API.

export const ASSET_PATHS = { script: "/assets/console.js", style: "/assets/console.css" } as const;

export function consolePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hibob-learners console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSET_PATHS.style}">
<script type="module" src="${ASSET_PATHS.script}"></script>
</head>
<body>
<div id="app"><p>Loading the console…</p><noscript>The console needs JavaScript.</noscript></div>
</body>
</html>
`;
}

/** Served when the client was never built (a checkout without `npm run build`, or an image without it). */
export function unbuiltPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hibob-learners console</title></head>
<body><h1>The console's client is not built here</h1>
<p>Run <code>npm run build</code> in the hibob-learners checkout (<code>npm ci</code> does it), then start the console again.</p>
</body></html>
`;
}
