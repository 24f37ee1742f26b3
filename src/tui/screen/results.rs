//! The results list: code and title per row, matched characters highlighted,
//! the selection marked, and a count such as `2/5`.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::search::{Field, Hit};
use crate::text::{char_ranges_to_graphemes, sanitize_line};
use crate::tui::app::{App, Focus};
use crate::tui::layout::inner;
use crate::tui::screen::truncate;
use crate::tui::theme::Theme;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let focused = app.focus == Focus::List && app.overlay.is_none();
    let count = if app.hits.is_empty() {
        "0/0".to_owned()
    } else {
        format!(
            "{}/{}",
            crate::text::thousands(app.selected + 1),
            crate::text::thousands(app.hits.len())
        )
    };
    let rows = inner(area);
    let width = usize::from(rows.width);
    let shown: Vec<(usize, &Hit)> = app
        .hits
        .iter()
        .enumerate()
        .skip(app.list_offset)
        .take(usize::from(rows.height))
        .collect();
    // Most rows found the same way (`mod:50`, `RT`: by a modifier) in a
    // narrow list: said once, on the border, so the rows keep their room
    // for the titles that tell them apart; a row found another way says
    // its own. Not where a row found by its code or title would read as
    // found that way too.
    let tags: Vec<Option<&str>> = shown.iter().map(|(_, hit)| matched_in(hit.field)).collect();
    let most = tags
        .iter()
        .flatten()
        .map(|tag| (tags.iter().filter(|t| **t == Some(tag)).count(), *tag))
        .max();
    let shared = most
        .filter(|(count, _)| width < SHARED_TAG_BELOW && *count >= 2 && count * 2 > shown.len())
        .filter(|_| tags.iter().all(Option::is_some))
        .map(|(_, tag)| tag);
    let title = match shared {
        _ if app.search_slow => " Results · searching… ".to_owned(),
        Some(tag) => format!(" Results · {tag} "),
        None => " Results ".to_owned(),
    };
    let mut block = Block::new()
        .borders(Borders::ALL)
        .title(title)
        .title_top(Line::from(format!(" {count} ")).right_aligned())
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.border()
        });
    // A code with no entry of its own lists the entries that mention it:
    // the list says so, so that none is taken for the code's.
    // Not while the rest of the folder is read: the code may be in it.
    if !app.codes_without_entry.is_empty() && app.loading.is_none() {
        let codes = app.codes_without_entry.join(", ");
        let longest = if app.hits.is_empty() {
            format!(" no entry for {codes} ")
        } else {
            format!(" no entry for {codes}; these mention it ")
        };
        // The longest that fits on the border, so that none is cut.
        let room = usize::from(area.width.saturating_sub(2));
        let said = [
            longest,
            format!(" no entry for {codes} "),
            format!(" no {codes} "),
        ]
        .into_iter()
        .find(|said| said.width() <= room)
        .unwrap_or_default();
        block = block.title_bottom(Line::styled(said, theme.warning()));
    }
    // Otherwise, what a short code searched for is (`24`: a place of
    // service), whose hits only mention it; the longest that fits.
    else if !app.hits.is_empty()
        && let Some(note) = app.short_code_notes.first()
    {
        let room = usize::from(area.width.saturating_sub(2));
        let said = std::iter::once(&note.full)
            .chain(&note.briefer)
            .map(|said| format!(" {said} "))
            .find(|said| said.width() <= room);
        if let Some(said) = said {
            block = block.title_bottom(Line::styled(said, theme.dim()));
        }
    }
    let lines: Vec<Line> = if app.hits.is_empty() {
        let said = if app.loading.is_some() {
            "No match yet."
        } else {
            "No match."
        };
        let mut lines = vec![Line::styled(said, theme.dim())];
        // Why, where the query says: a filter misnamed, a kind of note
        // that is none, a modifier no table lists (`mod:TC`).
        let notes = crate::search::Query::parse(&app.query).no_match_notes();
        let code_notes = app.short_code_notes.iter().map(|note| note.full.clone());
        for note in notes.into_iter().chain(code_notes) {
            lines.push(Line::default());
            let note = crate::text::one_line(&note);
            lines.extend(
                crate::text::wrap(&note, width, "", "  ")
                    .into_iter()
                    .map(Line::raw),
            );
        }
        if let Some(offer) = app.suggestion_offer() {
            lines.push(Line::default());
            lines.extend(
                crate::text::wrap(&offer, width, "", "")
                    .into_iter()
                    .map(Line::raw),
            );
        }
        lines
    } else {
        let titles: Vec<Vec<String>> = shown
            .iter()
            .map(|(_, hit)| title_words(&app.content.entries[hit.entry].title))
            .collect();
        let query = crate::search::Query::parse(&app.query);
        shown
            .iter()
            .enumerate()
            .map(|(at, (i, hit))| {
                let telling = words_that_tell_apart(&titles, at);
                row(
                    app,
                    &query,
                    hit,
                    *i == app.selected,
                    width,
                    theme,
                    telling,
                    shared,
                )
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// A title's words, as `words_that_tell_apart` compares them.
fn title_words(title: &str) -> Vec<String> {
    title.split_whitespace().map(str::to_lowercase).collect()
}

/// How many leading words of `titles[at]` (each as `title_words` gives
/// it) tell it from the other titles listed: one more than it shares with
/// the one most like it (`Genicular nerve block…` beside `Genicular nerve
/// ablation…`: three).
fn words_that_tell_apart(titles: &[Vec<String>], at: usize) -> usize {
    let own = &titles[at];
    titles
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != at)
        .map(|(_, other)| own.iter().zip(other).take_while(|(a, b)| a == b).count() + 1)
        .max()
        .unwrap_or(1)
}

/// Below this width a tag every row shares is said once, on the border.
const SHARED_TAG_BELOW: usize = 50;

/// Where a hit matched, when not in its code or title, as a row names it.
fn matched_in(field: Field) -> Option<&'static str> {
    // Not the code's start: `644` finds 64640 by its digits alone, which
    // its label says.
    match field {
        Field::Code | Field::Title => None,
        other => Some(other.label()),
    }
}

#[allow(clippy::too_many_arguments)]
fn row(
    app: &App,
    // The search, parsed once for the frame's rows.
    query: &crate::search::Query,
    hit: &Hit,
    selected: bool,
    width: usize,
    theme: Theme,
    // Leading words of the title that tell it from the others listed.
    telling: usize,
    // The tag the border says for most rows, which they then leave out.
    shared: Option<&str>,
) -> Line<'static> {
    // A row shows only the code and title, which every entry has at hand:
    // an entry from the cache is not read from its file for a row.
    let entry = &app.content.entries[hit.entry];
    // The marker keeps the selection visible where reverse video is lost.
    let marker = if selected { "▸ " } else { "  " };
    let mut spans = vec![Span::raw(marker)];
    // Highlights are worked out here, for the rows on screen only.
    let lit = match hit.field {
        Field::Code | Field::CodeDigits => {
            app.index()
                .highlight_in_parsed(&entry.code, hit.field, query)
        }
        // Found elsewhere too (`genicular knee`, tagged where `knee` is),
        // the words that are in the title are lit there all the same, and
        // kept in view.
        _ => app
            .index()
            .highlight_in_parsed(&entry.title, Field::Title, query),
    };
    let no_ranges = Vec::new();
    // Digits in order are lit in the code as its start is.
    let lit_in = match hit.field {
        Field::Code => Field::Code,
        Field::CodeDigits => Field::Code,
        _ => Field::Title,
    };
    let ranges = |field| if lit_in == field { &lit } else { &no_ranges };
    let (code, code_lit) = sanitize_line(&entry.code, ranges(Field::Code));
    spans.extend(highlighted(&code, &code_lit, theme.code(), theme));
    spans.push(Span::raw("  "));
    // A match outside the code and title is named at the row's end, so
    // the row says why it is there.
    let tag = matched_in(hit.field)
        .filter(|tag| shared != Some(*tag))
        .map(|field| format!(" · {field}"))
        .unwrap_or_default();
    let tag_width = if width >= 30 { tag.width() } else { 0 };
    let (title, title_lit) = sanitize_line(&entry.title, ranges(Field::Title));
    let room = width.saturating_sub(marker.width() + code.width() + 2 + tag_width);
    let shortened = title.width() > room;
    // Found by its text, a row does not give its title's start away to
    // bring a title word into view: it is cut as `cut_middle` cuts a
    // title, not `…block of… · scenario`.
    // But a word of the search that stands in the title (`knee` of `knee
    // pain`, tagged where `pain` is) is kept in view, as a title match is.
    let found_in_title =
        matches!(hit.field, Field::Title) || !query.marks_in(&entry.title).is_empty();
    let (title, title_lit) =
        if title_lit.is_empty() || (!found_in_title && !lit_in_view(&title, &title_lit, room)) {
            (cut_middle(title, room, telling), Vec::new())
        } else {
            showing_highlights(title, title_lit, room, telling)
        };
    spans.extend(highlighted(&title, &title_lit, Style::new(), theme));
    let mut line = truncate(Line::from(spans), width - tag_width);
    if tag_width > 0 {
        // A title cut short puts its tag at the row's end, where the tags
        // of such rows line up; a whole one keeps its tag beside it.
        let gap = (width - tag_width).saturating_sub(line.width());
        if gap > 0 && shortened {
            line.spans.push(Span::raw(" ".repeat(gap)));
        }
        line.spans.push(Span::styled(tag, theme.dim()));
    }
    if selected {
        line = line.patch_style(theme.selected());
    }
    line
}

/// Splits `text` into spans with the characters in `ranges` highlighted,
/// whole graphemes at a time.
pub fn highlighted(
    text: &str,
    ranges: &[std::ops::Range<usize>],
    base: Style,
    theme: Theme,
) -> Vec<Span<'static>> {
    let ranges = char_ranges_to_graphemes(text, ranges);
    let mut spans = Vec::new();
    let mut current = String::new();
    let mut current_lit = false;
    for (g, grapheme) in text.graphemes(true).enumerate() {
        let lit = ranges.iter().any(|r| r.contains(&g));
        if lit != current_lit && !current.is_empty() {
            let style = if current_lit {
                base.patch(theme.highlight())
            } else {
                base
            };
            spans.push(Span::styled(std::mem::take(&mut current), style));
        }
        current_lit = lit;
        current.push_str(grapheme);
    }
    if !current.is_empty() {
        let style = if current_lit {
            base.patch(theme.highlight())
        } else {
            base
        };
        spans.push(Span::styled(current, style));
    }
    spans
}

/// Whether every lit character (char ranges) of `title` shows in a row of
/// `room` columns cut at its end (which takes a column for its `…`).
fn lit_in_view(title: &str, lit: &[Range<usize>], room: usize) -> bool {
    if title.width() <= room {
        return true;
    }
    let end = lit.iter().map(|r| r.end).max().unwrap_or(0);
    let through: String = title.chars().take(end).collect();
    through.width() < room
}

/// The title as a row of `room` columns shows it. When the row's end would
/// cut off matched characters (`lit`, char ranges), the middle of the title
/// gives way to `…`, so the row shows both how the title starts (what tells
/// one code from its neighbours) and why it matched:
/// `Anesthetic and/o…genicular ner…`. Where the match leaves too little room
/// for a useful start, only the match and what follows are shown.
fn showing_highlights(
    title: String,
    mut lit: Vec<Range<usize>>,
    room: usize,
    // As for `cut_middle`, where every match is in view.
    telling: usize,
) -> (String, Vec<Range<usize>>) {
    if lit.is_empty() || title.width() <= room {
        return (title, lit);
    }
    // Each grapheme's byte offset, char offset and starting column, and
    // one past the last.
    let mut graphemes = Vec::new();
    let (mut chars, mut column) = (0, 0);
    for (byte, grapheme) in title.grapheme_indices(true) {
        graphemes.push((byte, chars, column));
        chars += grapheme.chars().count();
        column += grapheme.width();
    }
    let total = column;
    graphemes.push((title.len(), chars, total));
    let column_of = |char_at: usize| {
        graphemes
            .iter()
            .find(|&&(_, at, _)| at >= char_at)
            .map_or(total, |&(_, _, column)| column)
    };
    // A cut title ends in `…`, so one column less is in view.
    let fits = room.saturating_sub(1);
    lit.sort_by_key(|r| r.start);
    if lit.iter().all(|r| column_of(r.end) <= fits) {
        // Every match in view: the title's end as well, where it fits, as
        // a row without a match keeps it (`Aspiration open approach
        // lumbar…bilateral`, not rows alike to their last column).
        let through_lit = lit.iter().map(|r| r.end).max().unwrap_or(0);
        let lit_bytes = title
            .char_indices()
            .nth(through_lit)
            .map_or(title.len(), |(at, _)| at);
        let words_lit = title[..lit_bytes].split_whitespace().count();
        // Where the first `n` words of the title end, in bytes.
        let words_end = |n: usize| {
            title
                .split_whitespace()
                .nth(n.saturating_sub(1))
                .map_or(title.len(), |word| {
                    word.as_ptr() as usize - title.as_ptr() as usize + word.len()
                })
        };
        // The words that tell the row apart, where the row holds them.
        // Where it does not, the start the matches share with the rows
        // around it, then the end, would read alike from row to row
        // (`Genicular…or both)`, `Genicular…knee pain`): the cuts below
        // weigh that, and keep the start as far as it goes instead
        // (`Genicular nerve bl…`, `Genicular nerve ab…`).
        let telling_fit = title[..words_end(telling)].width() < room;
        let kept = if telling_fit { telling } else { 1 }.max(words_lit);
        let shown = cut_middle(title.clone(), room, kept);
        // Only where the start still holds the matches and the words that
        // tell the row from its neighbours; else the end gives way. Nor
        // where the end kept says a matched word again after the `…`
        // (`Peripheral nerve…nerve with no code`): it reads as the title
        // saying it twice over what was cut.
        let head = &title[..words_end(kept).max(lit_bytes)];
        let end_again = shown.split_once('…').is_some_and(|(_, end)| {
            lit.iter().filter(|r| r.len() >= 2).any(|r| {
                let word: String = title.chars().skip(r.start).take(r.len()).collect();
                !crate::search::word_places(end, &word).is_empty()
            })
        });
        if telling_fit || telling <= words_lit {
            return if shown.starts_with(head) && !end_again {
                (shown, lit)
            } else {
                (title, lit)
            };
        }
    }
    // The row is the title's first words, `…`, then words from further on
    // (cut at the row's end where they run past it), or the title cut at
    // its end alone: of every such cut, the one `score` ranks best.
    let words: Vec<(usize, usize)> = title
        .split_whitespace()
        .map(|word| {
            let start = word.as_ptr() as usize - title.as_ptr() as usize;
            (start, start + word.len())
        })
        .collect();
    let at_byte = |byte: usize| {
        graphemes
            .iter()
            .find(|&&(at, _, _)| at >= byte)
            .map_or((chars, total), |&(_, chars, column)| (chars, column))
    };
    let text_of = |r: &Range<usize>| -> String {
        title
            .chars()
            .skip(r.start)
            .take(r.len())
            .flat_map(char::to_lowercase)
            .collect()
    };
    // Every place each matched word stands in the title, lit or not (the
    // highlight marks a word's first place only): a second `nerve` in view
    // is the word shown twice all the same.
    let mut matched: Vec<String> = lit
        .iter()
        .filter(|r| r.len() >= 2)
        .map(|r| title.chars().skip(r.start).take(r.len()).collect())
        .collect();
    matched.sort();
    matched.dedup();
    let mut occurrences: Vec<Range<usize>> = matched
        .iter()
        .flat_map(|word| crate::search::word_places(&title, word))
        // A fuzzy match's letters, one at a time, stay where they are, as
        // does a lit place that is no word start.
        .chain(lit.iter().cloned())
        .filter(|r| r.end <= chars)
        .collect();
    occurrences.sort_by_key(|r| (r.start, r.end));
    occurrences.dedup();
    // What a row showing the chars `shown` (ranges) keeps of the matches,
    // best last: where no match fits whole, the most of one; a start kept;
    // each word matched; no word matched shown twice, whole or in part
    // (`Peripheral nerve…named ner…`); the words that tell the row apart;
    // the longest words matched; the title's end; the most of its start;
    // the most text.
    let score = |shown: &[Range<usize>], head_words: usize| {
        let seen = |r: &Range<usize>| -> usize {
            shown
                .iter()
                .map(|s| r.end.min(s.end).saturating_sub(r.start.max(s.start)))
                .sum()
        };
        let full: Vec<&Range<usize>> = occurrences.iter().filter(|r| seen(r) == r.len()).collect();
        let mut texts: Vec<String> = full.iter().map(|r| text_of(r)).collect();
        texts.sort();
        texts.dedup();
        let mut in_view: Vec<String> = occurrences
            .iter()
            .filter(|r| seen(r) > 0)
            .map(text_of)
            .collect();
        let visible = in_view.len();
        in_view.sort();
        in_view.dedup();
        let repeats = visible - in_view.len();
        let lit_chars: usize = occurrences.iter().map(seen).sum();
        let shown_chars: usize = shown.iter().map(|s| s.len()).sum();
        let ends = shown.last().is_some_and(|s| s.end == chars);
        (
            !full.is_empty(),
            if full.is_empty() { lit_chars } else { 0 },
            head_words > 0,
            texts.len(),
            std::cmp::Reverse(repeats),
            head_words >= telling.min(words.len()),
            // The longer of two words matched, where one alone fits: it
            // says more of why the row is there than `knee` does.
            texts.iter().map(|text| text.chars().count()).sum::<usize>(),
            ends,
            head_words,
            shown_chars,
        )
    };
    // The title cut at its end: `fits` columns of it.
    let end_cut = graphemes
        .iter()
        .take_while(|&&(_, _, column)| column <= fits)
        .last()
        .map_or(0, |&(_, chars, _)| chars);
    let mut best = (score(&[0..end_cut], words.len()), None);
    for head_words in 0..words.len() {
        let head_end = if head_words == 0 {
            0
        } else {
            words[head_words - 1].1
        };
        let (head_chars, head_width) = at_byte(head_end);
        // At least a word hidden between the head and the rest.
        for &(tail_start, _) in words.iter().skip(head_words + 1) {
            let (tail_chars, tail_column) = at_byte(tail_start);
            let Some(room_left) = room.checked_sub(head_width + 1).filter(|&left| left >= 4) else {
                continue;
            };
            let tail_end = if total - tail_column <= room_left {
                chars
            } else {
                graphemes
                    .iter()
                    .skip_while(|&&(_, _, column)| column < tail_column)
                    .take_while(|&&(_, _, column)| column - tail_column < room_left)
                    .last()
                    .map_or(tail_chars, |&(_, chars, _)| chars.max(tail_chars))
            };
            let shown = [0..head_chars, tail_chars..tail_end];
            let scored = score(&shown, head_words);
            if scored > best.0 {
                best = (scored, Some((head_end, tail_start)));
            }
        }
    }
    let Some((head, tail_byte)) = best.1 else {
        return (title, lit);
    };
    let head = title[..head].trim_end().len();
    let tail_chars = at_byte(tail_byte).0;
    let head_chars = title[..head].chars().count();
    let shown = format!("{}…{}", &title[..head], &title[tail_byte..]);
    // Char positions move: the head keeps its own, the tail follows the `…`.
    let moved = |at: usize| at - tail_chars + head_chars + 1;
    // Each place of a matched word shown is lit: the second `nerve`, where
    // the cut hid the first.
    let lit = occurrences
        .iter()
        .flat_map(|r| {
            [
                r.start.min(head_chars)..r.end.min(head_chars),
                moved(r.start.max(tail_chars))..moved(r.end.max(tail_chars)),
            ]
        })
        .filter(|r| !r.is_empty())
        .collect();
    (shown, lit)
}

/// A title too long for `room` columns, its middle given way to `…`:
/// titles of one family share their start (`Neurolytic destruction of`)
/// and differ at the end, so the row keeps some of both:
/// `Neurolytic…of the knee`, `Neurolytic…or branch`. Cuts fall between
/// words where that costs little. A row too narrow to show both is left
/// to be cut at its end. The start keeps at least the first `telling`
/// words where they fit, those that tell the title from the others listed
/// (`Genicular nerve block…` and `Genicular nerve ablation…`, not
/// `Genicular…or both)` and `Genicular…knee pain`).
fn cut_middle(title: String, room: usize, telling: usize) -> String {
    if title.width() <= room {
        return title;
    }
    // Too narrow for a start and an end: the words of the start that fit
    // (`Facet nerve…`, not `Facet ne…`), or as much as fits of the first.
    if room < 16 {
        let fits = title
            .split_whitespace()
            .map(|word| word.as_ptr() as usize - title.as_ptr() as usize + word.len())
            .take_while(|&end| title[..end].width() < room)
            .last();
        return match fits {
            Some(end) => format!("{}…", title[..end].trim_end_matches([',', ';', ':'])),
            None => title,
        };
    }
    // Each word's byte range.
    let words: Vec<(usize, usize)> = title
        .split_whitespace()
        .map(|word| {
            let start = word.as_ptr() as usize - title.as_ptr() as usize;
            (start, start + word.len())
        })
        .collect();
    let width = |range: std::ops::Range<usize>| title[range].width();
    let count = words.len();
    // The start: the words that fit in two fifths of the row, or the first
    // alone when it fits in three fifths (`Peripheral…its own`, rather
    // than `Periphe…` cut inside its word).
    let mut head = 0;
    while head < count && width(0..words[head].1) <= room * 2 / 5 {
        head += 1;
    }
    if head == 0 && count > 1 && width(0..words[0].1) <= room * 3 / 5 {
        head = 1;
    }
    if head == 0 {
        return cut_inside(title, room);
    }
    let head_width = |head: usize| width(0..words[head - 1].1);
    if head < telling && telling < count {
        // The words that tell the row apart do not fit: the start as far
        // as the row goes says more (`Genicular nerve blo…`) than a start
        // the rows around share and an end (`Genicular…or both)`).
        if head_width(telling) >= room {
            return cut_end(&title, room);
        }
        head = telling;
        // No word of the end fits beside them: the start alone, which is
        // what tells the row apart, as far as the row holds it.
        if head_width(head) + 1 + width(words[count - 1].0..title.len()) > room {
            while head < count && head_width(head + 1) < room {
                head += 1;
            }
            return format!("{}…", &title[..words[head - 1].1]);
        }
    }
    // The end: the last words that fit in what is left.
    let mut tail = count;
    while tail > head && head_width(head) + 1 + width(words[tail - 1].0..title.len()) <= room {
        tail -= 1;
    }
    if tail == count {
        return cut_inside(title, room);
    }
    // Room the end left goes to the start, a word at a time.
    while head < tail && head_width(head + 1) + 1 + width(words[tail].0..title.len()) <= room {
        head += 1;
    }
    format!(
        "{}…{}",
        &title[..words[head - 1].1],
        &title[words[tail].0..]
    )
}

/// `title` cut at the row's end, by graphemes, with `…` in the last column.
fn cut_end(title: &str, room: usize) -> String {
    let mut used = 0;
    let kept: String = title
        .graphemes(true)
        .take_while(|grapheme| {
            used += grapheme.width();
            used < room
        })
        .collect();
    format!("{}…", kept.trim_end())
}

/// `cut_middle` for a title whose first or last word is too long to keep
/// whole: cut inside words, by graphemes.
fn cut_inside(title: String, room: usize) -> String {
    if title.width() <= room || room < 16 {
        return title;
    }
    let graphemes: Vec<&str> = title.graphemes(true).collect();
    let is_space = |g: &&str| g.trim().is_empty();
    let mut head_end = 0;
    let mut used = 0;
    for grapheme in &graphemes {
        if used + grapheme.width() > room * 2 / 5 {
            break;
        }
        used += grapheme.width();
        head_end += 1;
    }
    // Whole words where the head has a space to cut at; a first word
    // longer than the head is cut inside.
    if let Some(space) = graphemes[..head_end].iter().rposition(is_space)
        && space > 0
    {
        head_end = space;
    }
    let head = graphemes[..head_end].concat();
    let head = head.trim_end();
    let tail_room = room.saturating_sub(head.width() + 1);
    let mut tail_start = graphemes.len();
    used = 0;
    while tail_start > head_end && used + graphemes[tail_start - 1].width() <= tail_room {
        tail_start -= 1;
        used += graphemes[tail_start].width();
    }
    // Likewise the tail starts at a word, unless it is all one word.
    let tail_len = graphemes.len() - tail_start;
    let mid_word = tail_start > 0 && !is_space(&graphemes[tail_start - 1]);
    if mid_word
        && let Some(space) = graphemes[tail_start..].iter().position(is_space)
        && space + 1 < tail_len
    {
        tail_start += space + 1;
    }
    let tail = graphemes[tail_start..].concat();
    let tail = tail.trim_start();
    // Room the tail's whole words left over goes to the head, a word at a
    // time.
    let mut head = head.to_owned();
    let mut next = head_end;
    while next < tail_start {
        let word_end = graphemes[next + 1..tail_start]
            .iter()
            .position(is_space)
            .map_or(tail_start, |at| next + 1 + at);
        let longer = graphemes[..word_end].concat();
        if longer.trim_end().width() + 1 + tail.width() > room {
            break;
        }
        head = longer.trim_end().to_owned();
        next = word_end;
    }
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_cover_whole_non_ascii_graphemes() {
        let theme = Theme { colour: true };
        let spans = highlighted("Névrome – “Morton”", &[11..17], Style::new(), theme);
        let lit: Vec<&str> = spans
            .iter()
            .filter(|s| s.style == theme.highlight())
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(lit, ["Morton"]);
    }

    /// The characters of `shown` that `lit` marks, range by range.
    fn marked(shown: &str, lit: &[Range<usize>]) -> Vec<String> {
        let chars: Vec<char> = shown.chars().collect();
        lit.iter()
            .map(|r| chars[r.clone()].iter().collect())
            .collect()
    }

    #[test]
    fn a_match_past_the_rows_end_is_brought_into_view_after_the_start() {
        let title = "Neurolytic destruction of a plantar common digital nerve (Morton’s neuroma)";
        let start = title.chars().position(|c| c == 'M').unwrap();
        let (shown, lit) = showing_highlights(title.into(), vec![start..start + 8], 40, 1);
        assert_eq!(marked(&shown, &lit), ["Morton’s"]);
        // The start, and the end from a word before the match, whole.
        assert_eq!(shown, "Neurolytic…nerve (Morton’s neuroma)");
        // The match ends within the row, with room for the closing `…`.
        let chars: Vec<char> = shown.chars().collect();
        let through_match: String = chars[..lit[0].end].iter().collect();
        assert!(through_match.width() <= 39, "{shown}");
        // A match already in view keeps the title's end too, where it fits;
        // a title that fits stays as it is.
        let (shown, lit) = showing_highlights(title.into(), vec![0..10], 40, 1);
        assert_eq!(shown, "Neurolytic…nerve (Morton’s neuroma)");
        assert_eq!(marked(&shown, &lit), ["Neurolytic"]);
        let (shown, _) = showing_highlights("Short".into(), vec![0..1], 40, 1);
        assert_eq!(shown, "Short");
        // A match in the last word, in view: cut at the end as before.
        let ends = "Aspiration open approach lumbar spine, bilateral";
        let (shown, _) = showing_highlights(ends.into(), vec![41..44], 46, 1);
        assert_eq!(shown, ends);
    }

    #[test]
    fn the_start_kept_before_a_match_ends_between_words() {
        let title = "Morton’s neuroma: neurolysis of a plantar common digital nerve";
        let plantar = title.chars().position(|c| c == 'p').unwrap();
        let (shown, lit) = showing_highlights(title.into(), vec![plantar..plantar + 7], 36, 1);
        assert!(
            shown.starts_with("Morton’s neuroma:…of a plantar"),
            "{shown}"
        );
        assert_eq!(marked(&shown, &lit), ["plantar"]);
    }

    #[test]
    fn matches_at_both_ends_keep_their_highlights() {
        let title = "Anesthetic and/or steroid injection of the genicular nerve branches";
        let genic = title.find("genic").unwrap();
        let (shown, lit) = showing_highlights(title.into(), vec![0..4, genic..genic + 5], 30, 1);
        assert_eq!(marked(&shown, &lit), ["Anes", "genic"], "{shown}");
        assert!(shown.starts_with("Anesthetic"), "{shown}");
    }

    #[test]
    fn two_words_far_apart_keep_the_start_and_the_first_hidden_one() {
        let title =
            "Anesthetic and/or steroid injection of the genicular nerve branches of the knee";
        let genic = title.find("genicular").unwrap();
        let knee = title.find("knee").unwrap();
        let (shown, lit) =
            showing_highlights(title.into(), vec![genic..genic + 9, knee..knee + 4], 29, 1);
        assert!(shown.starts_with("Anesthetic"), "{shown}");
        assert_eq!(marked(&shown, &lit)[0], "genicular", "{shown}");
        let title =
            "Facet joint nerve destruction with imaging, cervical or thoracic, single joint";
        let cervical = title.find("cervical").unwrap();
        let (shown, lit) =
            showing_highlights(title.into(), vec![0..5, cervical..cervical + 8], 21, 1);
        assert!(shown.starts_with("Facet"), "{shown}");
        assert_eq!(marked(&shown, &lit), ["Facet", "cervical"], "{shown}");
    }

    #[test]
    fn a_match_the_head_would_cut_is_kept_with_the_hidden_one() {
        // `pain` is past the row's end and `knee` just before it: both
        // are shown after the `…`, not `knee` cut off with the head.
        let title = "Genicular nerve ablation for knee pain";
        let knee = title.find("knee").unwrap();
        let pain = title.find("pain").unwrap();
        for room in [30, 34, 36] {
            let (shown, lit) =
                showing_highlights(title.into(), vec![knee..knee + 4, pain..pain + 4], room, 3);
            assert_eq!(marked(&shown, &lit), ["knee", "pain"], "{room}: {shown}");
            assert!(shown.starts_with("Genicular"), "{shown}");
        }
    }

    #[test]
    fn a_cut_title_shows_each_word_matched_once_and_hides_something() {
        // What the row shows of each at 30 columns, the end cut as drawn.
        let row = |title: &str, query: &str| {
            let lit = crate::search::Query::parse(query).marks_in(title);
            let (shown, lit) = showing_highlights(title.into(), lit, 30, 1);
            let end = if shown.width() <= 30 {
                shown.len()
            } else {
                shown
                    .char_indices()
                    .map(|(at, c)| at + c.len_utf8())
                    .take_while(|&end| shown[..end].width() <= 29)
                    .last()
                    .unwrap_or(0)
            };
            let in_view = shown[..end].chars().count();
            let marked: Vec<String> = marked(&shown, &lit)
                .into_iter()
                .zip(&lit)
                .filter(|(_, r)| r.end <= in_view)
                .map(|(text, _)| text.to_lowercase())
                .collect();
            (shown[..end].to_owned(), marked)
        };
        let (shown, marked) = row(
            "Genicular nerve block of the knee (anesthetic, steroid or both)",
            "nerve block knee",
        );
        assert_eq!(marked, ["nerve", "block", "knee"], "{shown}");
        // Not "Peripheral…nerve neurolysis,…", `named` lost past the end
        // and the `…` hiding nothing.
        let (shown, marked) = row(
            "Peripheral nerve neurolysis, a named nerve with no code of its own",
            "named nerve",
        );
        assert!(shown.starts_with("Peripheral"), "{shown}");
        assert_eq!(marked, ["named", "nerve"], "{shown}");
        assert_eq!(shown.matches("ner").count(), 1, "{shown}");
        // As the row lights them: each word at its first place only. The
        // second `nerve`, unlit, is still the word shown twice.
        let title = "Peripheral nerve neurolysis, a named nerve with no code of its own";
        for room in 24..40 {
            let (shown, _) = showing_highlights(title.into(), vec![11..16, 31..36], room, 2);
            let end = shown
                .char_indices()
                .map(|(at, c)| at + c.len_utf8())
                .take_while(|&end| shown[..end].width() < room)
                .last()
                .unwrap_or(0);
            let in_view = &shown[..end];
            assert!(in_view.contains("named"), "{room}: {in_view}");
            assert!(in_view.matches("ner").count() <= 1, "{room}: {in_view}");
        }
        // The match in view, the end kept after a `…` would say it again.
        let (shown, _) = showing_highlights(title.into(), vec![11..16], 48, 1);
        assert!(!shown.contains("…nerve"), "{shown}");
        // No word twice: not "Genicular nerve…nerve ablation".
        let (shown, marked) = row(
            "Genicular nerve ablation for knee pain",
            "genicular nerve ablation for knee pain",
        );
        assert_eq!(shown.matches("nerve").count(), 1, "{shown}");
        assert!(marked.len() >= 4, "{shown}");
    }

    #[test]
    fn a_match_too_wide_for_a_start_shows_from_its_word() {
        let title = "Some words then averyveryverylongmatchedword";
        let start = title.find('a').unwrap();
        let (shown, lit) = showing_highlights(title.into(), vec![start + 2..title.len()], 12, 1);
        assert!(shown.starts_with("…averyvery"), "{shown}");
        assert_eq!(marked(&shown, &lit), [&title[start + 2..]]);
    }

    #[test]
    fn a_long_first_word_is_kept_whole_where_three_fifths_of_the_row_hold_it() {
        let title = "Peripheral nerve neurolysis, a named nerve with no code of its own";
        assert_eq!(cut_middle(title.into(), 19, 1), "Peripheral…its own");
        // Wider than that, it is cut inside.
        let title = "Neurolysisofperipheralnerves, a named nerve with no code of its own";
        let shown = cut_middle(title.into(), 19, 1);
        assert_eq!(shown, "Neuroly…of its own");
    }

    #[test]
    fn the_start_keeps_the_words_that_tell_a_title_from_its_neighbours() {
        let titles = [
            "Genicular nerve block of the knee (anesthetic, steroid or both)",
            "Genicular nerve ablation for knee pain",
            "Facet nerve ablation, one cervical or thoracic joint",
        ];
        let words: Vec<Vec<String>> = titles.iter().map(|t| title_words(t)).collect();
        assert_eq!(words_that_tell_apart(&words, 0), 3);
        assert_eq!(words_that_tell_apart(&words, 1), 3);
        assert_eq!(words_that_tell_apart(&words, 2), 1);
        assert_eq!(
            cut_middle(titles[0].into(), 29, 3),
            "Genicular nerve block…both)"
        );
        assert_eq!(
            cut_middle(titles[1].into(), 29, 3),
            "Genicular nerve ablation…pain"
        );
        // Without a word of the end beside them, the start alone.
        assert_eq!(
            cut_middle(titles[0].into(), 23, 3),
            "Genicular nerve block…"
        );
        // Room left after the start alone is filled with its next words.
        assert_eq!(
            cut_middle(titles[0].into(), 26, 3),
            "Genicular nerve block of…"
        );
        // The words that tell it apart too wide for the row: its start as
        // far as the row goes, not a start shared with the next row's.
        assert_eq!(cut_middle(titles[0].into(), 20, 3), "Genicular nerve blo…");
        assert_eq!(cut_middle(titles[1].into(), 20, 3), "Genicular nerve abl…");
        assert_eq!(cut_middle(titles[0].into(), 20, 3).width(), 20);
    }

    #[test]
    fn a_hidden_match_keeps_the_first_word_whole_where_a_smaller_end_allows() {
        let title = "Genicular nerve ablation for knee pain";
        let ablation = title.find("ablation").unwrap();
        let (shown, lit) =
            showing_highlights(title.into(), vec![0..9, ablation..ablation + 8], 22, 1);
        assert!(shown.starts_with("Genicular…ablation"), "{shown}");
        assert_eq!(marked(&shown, &lit), ["Genicular", "ablation"]);
    }

    #[test]
    fn a_narrow_row_keeps_whole_words() {
        let title = "Facet nerve ablation, one cervical or thoracic joint, with imaging";
        assert_eq!(cut_middle(title.into(), 13, 1), "Facet nerve…");
        assert_eq!(cut_middle(title.into(), 9, 1), "Facet…");
        // A stop before the cut is left out (`ablation…`, not `ablation,…`).
        assert_eq!(cut_middle(title.into(), 15, 1), "Facet nerve…");
        assert_eq!(cut_middle(title.into(), 22, 1), "Facet…with imaging");
        // A first word too long for the row is cut at the row's end.
        assert_eq!(cut_middle(title.into(), 4, 1), title);
    }

    #[test]
    fn long_rows_end_in_an_ellipsis() {
        let line = truncate(Line::from("64633  Facet joint nerve destruction"), 12);
        assert_eq!(line.width(), 12);
        assert!(line.to_string().ends_with('…'));
        let line = truncate(Line::from("64633  Facet joint nerve"), 19);
        assert_eq!(line.to_string(), "64633  Facet joint…");
    }
}
