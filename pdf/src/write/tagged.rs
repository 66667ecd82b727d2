//! Tagged PDF, as PDF/UA asks: the structure tree the layout recorded (`layout::tags`) written as
//! `/StructTreeRoot` with one `/StructElem` per element (its standard type, parent, kids — MCIDs
//! on its first page as numbers, on later pages as marked-content references —, `/Alt` for a
//! figure, `/Scope` for a header cell), the `/ParentTree` from each page's MCIDs back to their
//! elements (each page's `/StructParents` is its index), and in the catalog `/MarkInfo
//! <</Marked true>>`, `/ViewerPreferences <</DisplayDocTitle true>>` and the XMP metadata with
//! `dc:title`. The language (`/Lang en-GB`) is set with the rest of the catalog.

use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, Stream};
use printpdf::DictItem;

use super::{dict, name, text, Doc};
use crate::layout::tags::{Kid, Role, Scope, ROOT};

/// A marked-content sequence's property list: `<</MCID n>>` for tagged content, or the
/// artifact's dictionary (`<</Type /Pagination /Subtype /Footer>>`).
pub(super) fn properties(out: &mut Vec<u8>, p: &DictItem) {
    match p {
        DictItem::Int(mcid) => {
            let _ = write!(out, "<</MCID {mcid}>>");
        }
        DictItem::Dict { map } => {
            out.extend_from_slice(b"<<");
            for (k, v) in map {
                out.push(b'/');
                out.extend_from_slice(k.as_bytes());
                out.push(b' ');
                match v {
                    DictItem::Name(n) => {
                        out.push(b'/');
                        out.extend_from_slice(n);
                    }
                    DictItem::Int(i) => {
                        let _ = write!(out, "{i}");
                    }
                    // The layout writes names and numbers only.
                    _ => out.extend_from_slice(b"null"),
                }
                out.push(b' ');
            }
            out.extend_from_slice(b">>");
        }
        // The layout writes MCIDs and artifact dictionaries only.
        _ => out.extend_from_slice(b"<<>>"),
    }
}

/// Write the structure tree and the metadata, and point the catalog at them.
pub(super) fn catalog(
    out: &mut lopdf::Document,
    catalog: &mut Dictionary,
    doc: &Doc<'_>,
    pages: &[ObjectId],
) {
    let tree = doc.tree;
    let root_id = out.new_object_id();
    let ids: Vec<ObjectId> = tree.elems.iter().map(|_| out.new_object_id()).collect();
    let page = |p: usize| pages.get(p).map(|id| Object::Reference(*id));
    for (i, (e, id)) in tree.elems.iter().zip(&ids).enumerate() {
        let first_page = e.kids.iter().find_map(|k| match k {
            Kid::Mcid { page, .. } => Some(*page),
            Kid::Elem(_) => None,
        });
        let kids: Vec<Object> = e
            .kids
            .iter()
            .filter_map(|k| match k {
                Kid::Elem(c) => ids.get(*c).map(|c| Object::Reference(*c)),
                Kid::Mcid { page: p, mcid } if Some(*p) == first_page => {
                    Some(Object::Integer(i64::from(*mcid)))
                }
                Kid::Mcid { page: p, mcid } => Some(Object::Dictionary(dict(vec![
                    ("Type", name("MCR")),
                    ("Pg", page(*p)?),
                    ("MCID", Object::Integer(i64::from(*mcid))),
                ]))),
            })
            .collect();
        let parent = if i == ROOT {
            root_id
        } else {
            ids.get(e.parent).copied().unwrap_or(root_id)
        };
        // `/Type /StructElem` is optional and left out: a third of each element's bytes.
        let mut d = dict(vec![
            ("S", name(e.role.name())),
            ("P", Object::Reference(parent)),
            ("K", Object::Array(kids)),
        ]);
        if let Some(pg) = first_page.and_then(page) {
            d.set("Pg", pg);
        }
        if let Some(alt) = &e.alt {
            d.set("Alt", text(alt));
        }
        if let Role::TH(scope) = e.role {
            let scope = match scope {
                Scope::Column => "Column",
                Scope::Row => "Row",
            };
            d.set(
                "A",
                Object::Dictionary(dict(vec![("O", name("Table")), ("Scope", name(scope))])),
            );
        }
        out.objects.insert(*id, Object::Dictionary(d));
    }
    // Page index → the element of each of its MCIDs, in order.
    let mut nums = Vec::with_capacity(pages.len() * 2);
    for p in 0..pages.len() {
        let marks = tree.pages.get(p).map_or(&[][..], Vec::as_slice);
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(
            marks
                .iter()
                .filter_map(|e| ids.get(*e).map(|id| Object::Reference(*id)))
                .collect(),
        ));
    }
    let parent_tree = out.add_object(dict(vec![("Nums", Object::Array(nums))]));
    let kids = ids
        .first()
        .map_or_else(Vec::new, |d| vec![Object::Reference(*d)]);
    out.objects.insert(
        root_id,
        Object::Dictionary(dict(vec![
            ("Type", name("StructTreeRoot")),
            ("K", Object::Array(kids)),
            ("ParentTree", Object::Reference(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(pages.len() as i64)),
        ])),
    );
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    catalog.set(
        "MarkInfo",
        Object::Dictionary(dict(vec![("Marked", Object::Boolean(true))])),
    );
    catalog.set(
        "ViewerPreferences",
        Object::Dictionary(dict(vec![("DisplayDocTitle", Object::Boolean(true))])),
    );
    let xmp = Stream::new(
        dict(vec![("Type", name("Metadata")), ("Subtype", name("XML"))]),
        metadata(doc),
    )
    .with_compression(false);
    catalog.set("Metadata", Object::Reference(out.add_object(xmp)));
}

/// The XMP metadata: title, author, subject, keywords, language, producer and dates (PDF/UA
/// asks for `dc:title`; readers show it with `DisplayDocTitle`).
fn metadata(doc: &Doc<'_>) -> Vec<u8> {
    let m = doc.meta;
    let date = doc.now.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n\
         <dc:format>application/pdf</dc:format>\n\
         <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
         <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n\
         <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>\n\
         <dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>\n\
         <pdf:Keywords>{keywords}</pdf:Keywords>\n\
         <pdf:Producer>Reflect {version}</pdf:Producer>\n\
         <xmp:CreatorTool>Reflect</xmp:CreatorTool>\n\
         <xmp:CreateDate>{date}</xmp:CreateDate>\n\
         <xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
         </rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>",
        title = xml(&m.title),
        author = xml(&m.author),
        subject = xml(&m.subject),
        keywords = xml(&m.keywords.join(", ")),
        version = env!("CARGO_PKG_VERSION"),
    )
    .into_bytes()
}

/// Text as XML character data: markup escaped, characters XML 1.0 forbids left out.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}
