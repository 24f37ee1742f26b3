//! Where each region of the screen goes for a given window size and focus.
//! Rendering draws into these areas and `update` hit-tests mouse events and
//! sizes pages against them, so both always agree.

use ratatui::layout::{Constraint, Layout, Rect};

/// The smallest window the browser draws in; below it, one line asks for more.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// From this width the results list and the detail stand side by side;
/// below it they take the screen by turns.
pub const SIDE_BY_SIDE_WIDTH: u16 = 80;
/// The widest the detail pane grows, border included.
const DETAIL_MAX_WIDTH: u16 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub search: Rect,
    /// The results pane (with its border), when shown.
    pub list: Option<Rect>,
    /// The detail pane (with its border), when shown.
    pub detail: Option<Rect>,
    pub status: Rect,
    /// The window is below the minimum size.
    pub too_small: bool,
}

impl Areas {
    /// Lays the screen out. `detail_focused` decides which pane a narrow
    /// window shows.
    pub fn new(screen: Rect, detail_focused: bool) -> Areas {
        if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
            return Areas {
                too_small: true,
                ..Areas::default()
            };
        }
        // A bordered search box costs two rows; short windows get a bare
        // one, and so do windows under 16 rows while the detail is read.
        let search_height = if screen.height >= 16 || (screen.height >= 12 && !detail_focused) {
            3
        } else {
            1
        };
        let [search, main, status] = Layout::vertical([
            Constraint::Length(search_height),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(screen);

        let (list, detail) = if screen.width >= SIDE_BY_SIDE_WIDTH {
            // Two fifths for the list, but the detail reads best no wider
            // than DETAIL_MAX_WIDTH: a wide window gives the rest to the
            // list, whose long titles then show whole.
            let list_width = (screen.width * 2 / 5)
                .max(screen.width.saturating_sub(DETAIL_MAX_WIDTH))
                .max(30);
            let [list, detail] =
                Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)])
                    .areas(main);
            (Some(list), Some(detail))
        } else if detail_focused {
            (None, Some(main))
        } else {
            (Some(main), None)
        };
        Areas {
            search,
            list,
            detail,
            status,
            too_small: false,
        }
    }
}

/// The inside of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// A centred box for overlays: at most `max_width` wide, leaving a margin
/// where the window allows.
pub fn overlay(screen: Rect, max_width: u16) -> Rect {
    let width = max_width
        .min(screen.width.saturating_sub(4))
        .max(screen.width.min(20));
    let height = screen.height.saturating_sub(4).max(screen.height.min(6));
    Rect {
        x: screen.x + (screen.width - width) / 2,
        y: screen.y + (screen.height - height) / 2,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_windows_show_both_panes() {
        let areas = Areas::new(Rect::new(0, 0, 120, 40), false);
        let (list, detail) = (areas.list.unwrap(), areas.detail.unwrap());
        assert_eq!(list.x + list.width, detail.x);
        assert_eq!(areas.search.height, 3);
        assert_eq!(areas.status.y, 39);
    }

    #[test]
    fn a_very_wide_window_gives_its_extra_width_to_the_list() {
        for (width, list) in [(80, 32), (120, 48), (200, 100), (300, 200)] {
            let areas = Areas::new(Rect::new(0, 0, width, 40), false);
            assert_eq!(areas.list.unwrap().width, list, "{width}");
            assert!(areas.detail.unwrap().width <= DETAIL_MAX_WIDTH);
        }
    }

    #[test]
    fn narrow_windows_take_turns() {
        let screen = Rect::new(0, 0, 40, 12);
        let browsing = Areas::new(screen, false);
        assert!(browsing.list.is_some() && browsing.detail.is_none());
        let reading = Areas::new(screen, true);
        assert!(reading.list.is_none() && reading.detail.is_some());
        // Reading in a short window, the search box gives up its border.
        assert_eq!((browsing.search.height, reading.search.height), (3, 1));
        assert_eq!(reading.detail.unwrap().height, 10);
        let taller = Areas::new(Rect::new(0, 0, 40, 16), true);
        assert_eq!(taller.search.height, 3);
    }

    #[test]
    fn the_smallest_window_still_has_every_row() {
        let areas = Areas::new(Rect::new(0, 0, 20, 6), false);
        assert!(!areas.too_small);
        assert_eq!(areas.search.height, 1);
        assert_eq!(areas.list.unwrap().height, 4);
        assert!(Areas::new(Rect::new(0, 0, 19, 6), false).too_small);
        assert!(Areas::new(Rect::new(0, 0, 20, 5), false).too_small);
    }

    #[test]
    fn overlays_fit_inside_the_screen() {
        for (w, h) in [(20, 6), (40, 12), (80, 24), (200, 60)] {
            let screen = Rect::new(0, 0, w, h);
            let area = overlay(screen, 70);
            assert!(screen.contains(area.as_position()));
            assert!(area.right() <= screen.right() && area.bottom() <= screen.bottom());
        }
    }
}
