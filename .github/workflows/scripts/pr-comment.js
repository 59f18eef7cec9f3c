/**
 * Creates or updates mlguard's pull-request comment, found by its marker, so every run edits
 * the same comment instead of adding one. Used by actions/github-script.
 */
"use strict";
const fs = require("fs");

const MARKER = "<!-- mlguard-report -->";
/** GitHub refuses comments longer than 65,536 characters. */
const LIMIT = 65000;

function fit(body) {
    if (body.length <= LIMIT) {
        return body;
    }
    let cut = body.slice(0, LIMIT - 400);
    cut = cut.slice(0, cut.lastIndexOf("\n"));
    // Close a diagram or details block the cut left open.
    if ((cut.match(/^```/gm) || []).length % 2 === 1) {
        cut += "\n```";
    }
    if ((cut.match(/<details>/g) || []).length > (cut.match(/<\/details>/g) || []).length) {
        cut += "\n</details>";
    }
    return `${cut}\n\n_The report is longer than a comment allows; the full report is in the job summary and the \`mlguard-report\` artifact._\n`;
}

module.exports = async function comment({ github, context, issueNumber, file }) {
    const { owner, repo } = context.repo;
    let body = fs.readFileSync(file, "utf8");
    if (!body.startsWith(MARKER)) {
        body = `${MARKER}\n${body}`;
    }
    body = fit(body);
    const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
    const previous = comments.find((c) => c.user && c.user.type === "Bot" && typeof c.body === "string" && c.body.startsWith(MARKER));
    if (previous) {
        await github.rest.issues.updateComment({ owner, repo, comment_id: previous.id, body });
    } else {
        await github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
    }
};
