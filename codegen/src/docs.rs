//! The model's documentation HTML as rustdoc Markdown.
//!
//! The model uses a small HTML subset (`p`, `code`, `a`, `ul`/`ol`/`li`,
//! `note`, `important`, `i`, `b`). Text is escaped so rustdoc finds no
//! links, HTML or emphasis the model did not mean, bare URLs are wrapped in
//! `<...>`, and preformatted text is fenced as `text` so no doctest runs.

/// Converts model documentation to Markdown lines (without `///`).
pub fn to_markdown(html: &str) -> String {
    let mut w = Writer::default();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            if let Some(end) = after.find('>') {
                w.tag(&after[..end]);
                rest = &after[end + 1..];
                continue;
            }
        }
        let end = rest[1..].find('<').map_or(rest.len(), |i| i + 1);
        w.text(&decode_entities(&rest[..end]));
        rest = &rest[end..];
    }
    w.finish()
}

/// The first sentence-ish line of converted docs, for one-line summaries.
pub fn summary(markdown: &str) -> String {
    markdown
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_owned()
}

#[derive(Default)]
struct Writer {
    /// Finished blocks, flagged when they belong to a list (list blocks
    /// follow each other without a blank line).
    blocks: Vec<(String, bool)>,
    line: String,
    /// Bullet of the list item whose first paragraph is still to come.
    bullet: Option<String>,
    lists: Vec<Option<u32>>,
    quote: usize,
    code: usize,
    pre: Option<String>,
    /// Emphasis opened at this position of `line`, to drop empty ones.
    open_marks: Vec<usize>,
}

impl Writer {
    fn tag(&mut self, raw: &str) {
        let closing = raw.starts_with('/');
        let name: String = raw
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("p" | "div" | "br" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3" | "h4", _) => {
                self.flush()
            }
            ("ul", false) => self.open_list(None),
            ("ol", false) => self.open_list(Some(1)),
            ("ul" | "ol", true) => {
                self.flush();
                self.lists.pop();
            }
            ("li", false) => self.open_item(),
            ("li", true) => self.flush(),
            ("note" | "important", false) => {
                self.flush();
                self.quote += 1;
                let label = if name == "note" {
                    "**Note:**"
                } else {
                    "**Important:**"
                };
                self.line.push_str(label);
                self.line.push(' ');
            }
            ("note" | "important", true) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            ("code", false) => self.code += 1,
            ("code", true) => self.code = self.code.saturating_sub(1),
            ("pre", false) => {
                self.flush();
                self.pre = Some(String::new());
            }
            ("pre", true) => self.close_pre(),
            ("i" | "em" | "b" | "strong", false) => {
                self.open_marks.push(self.line.len());
                self.line.push_str(if matches!(name.as_str(), "i" | "em") {
                    "*"
                } else {
                    "**"
                });
            }
            ("i" | "em" | "b" | "strong", true) => self.close_mark(&name),
            ("a", false) => {
                let href = attr(raw, "href").unwrap_or_default();
                self.open_marks.push(self.line.len());
                self.line.push('[');
                self.pending_href_push(href);
            }
            ("a", true) => self.close_link(),
            _ => {}
        }
    }

    fn pending_href_push(&mut self, href: String) {
        // The href is kept on a stack encoded after a NUL so close_link finds
        // it without another field; NUL never occurs in model text.
        self.line.push('\0');
        self.line.push_str(&href);
        self.line.push('\0');
    }

    fn close_link(&mut self) {
        let Some(start) = self.open_marks.pop() else {
            return;
        };
        let inner = self.line.split_off(start);
        let mut parts = inner[1..].splitn(3, '\0');
        let (_, href, text) = (
            parts.next(),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        let text = text.trim();
        if href.starts_with("http") && !text.is_empty() {
            self.line.push_str(&format!("[{text}]({href})"));
        } else if href.starts_with("http") {
            self.line.push_str(&format!("<{href}>"));
        } else {
            self.line.push_str(text);
        }
    }

    fn close_mark(&mut self, name: &str) {
        let Some(start) = self.open_marks.pop() else {
            return;
        };
        let mark = if matches!(name, "i" | "em") {
            "*"
        } else {
            "**"
        };
        let raw = self.line[start + mark.len()..].to_owned();
        self.line.truncate(start);
        let inner = raw.trim();
        if inner.is_empty() {
            self.line.push_str(&raw);
            return;
        }
        // Emphasis markers must touch the text, so white space the model put
        // inside the tags moves outside them.
        if raw.starts_with(char::is_whitespace) {
            self.line.push(' ');
        }
        self.line.push_str(mark);
        self.line.push_str(inner);
        self.line.push_str(mark);
        if raw.ends_with(char::is_whitespace) {
            self.line.push(' ');
        }
    }

    fn open_list(&mut self, ordered: Option<u32>) {
        self.flush();
        self.lists.push(ordered);
    }

    fn open_item(&mut self) {
        self.flush();
        let bullet = match self.lists.last_mut() {
            Some(Some(n)) => {
                *n += 1;
                format!("{}.", *n - 1)
            }
            _ => "-".to_owned(),
        };
        self.bullet = Some(bullet);
    }

    fn text(&mut self, text: &str) {
        if let Some(pre) = &mut self.pre {
            pre.push_str(text);
        } else if self.code > 0 {
            self.line.push_str(&code_span(text));
        } else {
            self.line.push_str(&escape(text));
        }
    }

    fn close_pre(&mut self) {
        let Some(pre) = self.pre.take() else { return };
        let body = pre.trim_matches('\n');
        if !body.trim().is_empty() {
            self.push_block(format!("```text\n{body}\n```"));
        }
    }

    /// Ends the current paragraph.
    fn flush(&mut self) {
        self.open_marks.clear();
        let text = collapse(&std::mem::take(&mut self.line));
        if text.is_empty() || text == "**Note:**" || text == "**Important:**" {
            if !text.is_empty() {
                self.line = format!("{text} ");
            }
            return;
        }
        let depth = self.lists.len().saturating_sub(1);
        let block = match self.bullet.take() {
            Some(bullet) => format!("{}{bullet} {text}", "  ".repeat(depth)),
            None if !self.lists.is_empty() => format!("{}{text}", "  ".repeat(depth + 1)),
            None => text,
        };
        self.push_block(block);
    }

    fn push_block(&mut self, block: String) {
        let prefix = "> ".repeat(self.quote);
        // A note inside a list item stays in the item: indentation first,
        // then the quote marker.
        let block: Vec<String> = block
            .lines()
            .map(|l| {
                let text = l.trim_start();
                let indent = &l[..l.len() - text.len()];
                format!("{indent}{prefix}{text}").trim_end().to_owned()
            })
            .collect();
        self.blocks.push((block.join("\n"), !self.lists.is_empty()));
    }

    fn finish(mut self) -> String {
        self.close_pre();
        self.flush();
        let mut out = String::new();
        let mut previous_in_list = false;
        for (i, (block, in_list)) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push_str(if previous_in_list && *in_list {
                    "\n"
                } else {
                    "\n\n"
                });
            }
            out.push_str(block);
            previous_in_list = *in_list;
        }
        out.replace('\0', "")
    }
}

/// Collapses runs of white space (the model wraps lines freely).
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Backticks around code, with enough of them (and padding) for code that
/// itself contains backticks.
fn code_span(text: &str) -> String {
    let text = collapse(text);
    if text.is_empty() {
        return String::new();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if longest > 0 { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Escapes what Markdown or rustdoc would otherwise interpret, and wraps
/// bare URLs in `<...>`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("http://") || word.starts_with("https://") {
            let url = word.trim_end_matches(['.', ',', ')', ';']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            out.push_str(&word[url.len()..]);
            continue;
        }
        for c in word.chars() {
            if matches!(
                c,
                '[' | ']' | '<' | '>' | '*' | '_' | '`' | '\\' | '#' | '|'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

fn attr(raw: &str, name: &str) -> Option<String> {
    let start = raw.find(&format!("{name}="))? + name.len() + 1;
    let rest = &raw[start..];
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let end = rest[1..].find(quote)?;
        Some(decode_entities(&rest[1..=end]))
    } else {
        Some(rest.split_whitespace().next().unwrap_or("").to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_code() {
        let md =
            to_markdown("<p> Updates the <code>status</code> of versions. </p> <p>Second.</p>");
        assert_eq!(md, "Updates the `status` of versions.\n\nSecond.");
    }

    #[test]
    fn links_lists_and_notes() {
        let md = to_markdown(
            "<p>See <a href=\"https://docs.aws.amazon.com/x.html\">the guide</a>.</p>\
             <ul><li><p><code>npm</code>: Node</p></li><li>pypi</li></ul>\
             <note><p>Be careful.</p></note>",
        );
        assert_eq!(
            md,
            "See [the guide](https://docs.aws.amazon.com/x.html).\n\n- `npm`: Node\n- pypi\n\n> **Note:** Be careful."
        );
    }

    #[test]
    fn escapes_brackets_html_and_bare_urls() {
        let md = to_markdown("<p>Chars: [ ] &lt;tag&gt; &amp; at https://example.com/a.</p>");
        assert_eq!(md, "Chars: \\[ \\] \\<tag\\> & at <https://example.com/a>.");
    }

    #[test]
    fn notes_inside_list_items_stay_in_the_item() {
        let md = to_markdown(
            "<ul><li><p>maven: x</p><note><p>Careful.</p></note></li><li><p>npm</p></li></ul>",
        );
        assert_eq!(md, "- maven: x\n  > **Note:** Careful.\n- npm");
    }

    #[test]
    fn code_with_backticks_gets_a_longer_fence() {
        let md = to_markdown("<p><code>~ ` [ ]</code></p>");
        assert_eq!(md, "`` ~ ` [ ] ``");
    }

    #[test]
    fn emphasis_and_pre() {
        let md = to_markdown("<p><i> italic </i> and <b>bold</b><b> </b></p><pre>a\n  b</pre>");
        assert_eq!(md, "*italic* and **bold**\n\n```text\na\n  b\n```");
    }

    #[test]
    fn no_raw_tags_survive() {
        let md = to_markdown("<p>x <unknowntag>y</unknowntag> <p>z");
        assert!(!md.contains('<'), "{md}");
    }
}
