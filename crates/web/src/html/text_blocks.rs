//! Plain text as people wrote it (messages, feedback, learning), shown as
//! paragraphs and lists: a blank line starts a paragraph, lines starting with
//! "- ", "* " or "• " make a list, other line breaks are kept. The template
//! escapes every piece; no markup from the text is ever trusted.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextBlock {
    /// The lines of one paragraph.
    Paragraph(Vec<String>),
    List(Vec<String>),
}

impl TextBlock {
    pub fn is_list(&self) -> bool {
        matches!(self, TextBlock::List(_))
    }

    pub fn lines(&self) -> &[String] {
        match self {
            TextBlock::Paragraph(lines) | TextBlock::List(lines) => lines,
        }
    }
}

fn list_item(line: &str) -> Option<&str> {
    ["- ", "* ", "• "].iter().find_map(|marker| line.strip_prefix(marker)).map(str::trim)
}

/// Splits `text` into paragraphs and lists.
pub fn text_blocks(text: &str) -> Vec<TextBlock> {
    let mut blocks: Vec<TextBlock> = Vec::new();
    let mut blank_before = true;
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank_before = true;
            continue;
        }
        let trimmed = line.trim_start();
        match (list_item(trimmed), blocks.last_mut()) {
            (Some(item), Some(TextBlock::List(items))) => items.push(item.to_string()),
            (Some(item), _) => blocks.push(TextBlock::List(vec![item.to_string()])),
            (None, Some(TextBlock::Paragraph(lines))) if !blank_before => lines.push(trimmed.to_string()),
            (None, _) => blocks.push(TextBlock::Paragraph(vec![trimmed.to_string()])),
        }
        blank_before = false;
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_line_breaks() {
        let text = "Thank you for reporting this.\nIt helped.\n\nWhat changes:\n- one tray per resident\n• a second check\n\nThe team";
        assert_eq!(
            text_blocks(text),
            vec![
                TextBlock::Paragraph(vec!["Thank you for reporting this.".into(), "It helped.".into()]),
                TextBlock::Paragraph(vec!["What changes:".into()]),
                TextBlock::List(vec!["one tray per resident".into(), "a second check".into()]),
                TextBlock::Paragraph(vec!["The team".into()]),
            ]
        );
    }

    #[test]
    fn plain_text_stays_one_paragraph_and_nothing_is_lost() {
        assert_eq!(text_blocks("Just one line."), vec![TextBlock::Paragraph(vec!["Just one line.".into()])]);
        assert!(text_blocks("  \n\n ").is_empty());
        assert_eq!(text_blocks("-not a list"), vec![TextBlock::Paragraph(vec!["-not a list".into()])]);
    }
}
