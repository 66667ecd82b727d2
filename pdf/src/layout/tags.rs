//! The structure tree the layout records as it places content (tagged PDF, as PDF/UA asks): each
//! block becomes an element with its standard role (H1–H5, P, L/LI/Lbl/LBody, Table/TR/TH/TD,
//! Figure, TOC/TOCI) and each run of its content on a page a marked-content sequence with an
//! MCID. The writer (`write::tagged`) turns this into the `/StructTreeRoot` and its
//! `/ParentTree`. Page furniture (footers, page numbers, watermarks, rules, fills, repeated table
//! headers) is marked as artifacts and is in no element.

/// A header cell's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Column,
    Row,
}

/// A structure element's standard type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    /// H1 to H6.
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    TH(Scope),
    TD,
    Figure,
    TOC,
    TOCI,
}

impl Role {
    /// The standard structure type's name (`/S`), also the marked-content tag.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH(_) => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
        }
    }
}

/// What an element holds, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kid {
    /// Another element (an index into [`Tree::elems`]).
    Elem(usize),
    /// A marked-content sequence on a page (0-based).
    Mcid { page: usize, mcid: u32 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Elem {
    pub role: Role,
    /// The parent element; the root's is itself.
    pub parent: usize,
    pub kids: Vec<Kid>,
    /// Alternative text (figures).
    pub alt: Option<String>,
}

/// The structure tree: the elements (the root, `Document`, first) and, per page, the element
/// each MCID belongs to (MCIDs are numbered from 0 on each page, in order).
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    pub elems: Vec<Elem>,
    pub pages: Vec<Vec<usize>>,
}

/// The root element's index.
pub const ROOT: usize = 0;

impl Default for Tree {
    fn default() -> Self {
        Tree::new()
    }
}

impl Tree {
    pub fn new() -> Tree {
        Tree {
            elems: vec![Elem {
                role: Role::Document,
                parent: ROOT,
                kids: Vec::new(),
                alt: None,
            }],
            pages: Vec::new(),
        }
    }

    /// A new element under `parent`, after its other kids.
    pub fn add(&mut self, parent: usize, role: Role) -> usize {
        let id = self.elems.len();
        self.elems.push(Elem {
            role,
            parent,
            kids: Vec::new(),
            alt: None,
        });
        if let Some(p) = self.elems.get_mut(parent) {
            p.kids.push(Kid::Elem(id));
        }
        id
    }

    /// The next MCID on `page`, given to `elem` as its next kid.
    pub fn mcid(&mut self, elem: usize, page: usize) -> u32 {
        if self.pages.len() <= page {
            self.pages.resize_with(page + 1, Vec::new);
        }
        let Some(list) = self.pages.get_mut(page) else {
            return 0;
        };
        let mcid = u32::try_from(list.len()).unwrap_or(u32::MAX);
        list.push(elem);
        if let Some(e) = self.elems.get_mut(elem) {
            e.kids.push(Kid::Mcid { page, mcid });
        }
        mcid
    }

    /// The elements in reading order with their depth (for tests and checks).
    pub fn walk(&self) -> Vec<(usize, &Elem)> {
        let mut out = Vec::with_capacity(self.elems.len());
        let mut stack = vec![(ROOT, 0)];
        while let Some((i, depth)) = stack.pop() {
            let Some(e) = self.elems.get(i) else { continue };
            out.push((depth, e));
            for k in e.kids.iter().rev() {
                if let Kid::Elem(c) = k {
                    stack.push((*c, depth + 1));
                }
            }
        }
        out
    }
}
