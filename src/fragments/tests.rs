use bytes::Bytes;
use serde_json::json;

use super::*;

#[test]
fn a_full_store_is_emptied_and_keeps_answering() {
    let fragments = Fragments::new(ENTRY_OVERHEAD + 40);
    for i in 0..10 {
        let key = Key { view: (0, 0), versions: [i, 0, 0] };
        let raw = fragments.rendered(key, || json!({"n": i})).map(|r| r.json().to_string());
        assert_eq!(raw, Some(format!("{{\"n\":{i}}}")));
    }
    assert!(fragments.0.usage().1 <= ENTRY_OVERHEAD + 40);
}

#[derive(Serialize)]
struct Item<'a> {
    name: &'a str,
    count: u32,
}

fn through_value(items: &[Stamped<(String, u32)>]) -> Result<(Bytes, Option<u128>), serde_json::Error> {
    let fragments: Vec<_> =
        items.iter().map(|i| Fragment::new([i.stamp(), 0, 0], move || Item { name: &i.0, count: i.1 })).collect();
    compose(&json!({"total": items.len(), "items": serde_json::to_value(&fragments)?}))
}

#[test]
fn a_versioned_fragment_is_rendered_again_when_its_item_changes() {
    let mut item = Stamped::new(("a \"quoted\" name".to_string(), 1));
    let render = |i: &Stamped<(String, u32)>| {
        serde_json::to_string(&Fragment::new([i.stamp(), 0, 0], || Item { name: &i.0, count: i.1 })).ok()
    };
    let plain = |i: &Stamped<(String, u32)>| serde_json::to_string(&Item { name: &i.0, count: i.1 }).ok();
    assert_eq!(render(&item), plain(&item));
    assert_eq!(render(&item), plain(&item));
    item.1 = 2;
    assert_eq!(render(&item), plain(&item));
}

#[test]
fn a_page_of_fragments_has_a_digest_that_follows_its_bytes() {
    let items: Vec<_> = (0..3).map(|n| Stamped::new((format!("item {n}"), n))).collect();
    // Through a Value the fragments are not written into the page: no digest, same bytes.
    let (bytes, digest) = through_value(&items).unwrap_or_default();
    assert!(digest.is_none());
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        r#"{"total":3,"items":[{"name":"item 0","count":0},{"name":"item 1","count":1},{"name":"item 2","count":2}]}"#
    );

    #[derive(Serialize)]
    struct Envelope<T> {
        items: Vec<T>,
        total: usize,
    }
    let direct = |items: &[Stamped<(String, u32)>]| {
        let fragments =
            items.iter().map(|i| Fragment::new([i.stamp(), 0, 0], move || Item { name: &i.0, count: i.1 })).collect();
        compose(&Envelope { items: fragments, total: items.len() }).ok()
    };
    let Some((first, Some(a))) = direct(&items) else { panic!("a page of fragments has a digest") };
    let plain: Vec<Item<'_>> = items.iter().map(|i| Item { name: &i.0, count: i.1 }).collect();
    assert_eq!(serde_json::to_vec(&Envelope { items: plain, total: 3 }).ok(), Some(first.to_vec()));
    let Some((again, Some(b))) = direct(&items) else { panic!("a page of fragments has a digest") };
    assert_eq!((first.clone(), a), (again, b));
    let mut changed = items.clone();
    changed[1].0.push('!');
    let Some((other, Some(c))) = direct(&changed) else { panic!("a page of fragments has a digest") };
    assert_ne!(other, first);
    assert_ne!(c, a);
    // The same fragments in another envelope: another digest.
    let Some((_, Some(d))) = direct(&items[..2]) else { panic!("a page of fragments has a digest") };
    assert_ne!(d, a);
}

#[cfg(debug_assertions)]
#[test]
#[should_panic(expected = "stale")]
fn a_key_that_misses_an_input_is_caught_in_debug_builds() {
    let item = Stamped::new(("name".to_string(), 1));
    let outside = std::cell::Cell::new(1);
    let render =
        || serde_json::to_string(&Fragment::new([item.stamp(), 0, 0], || Item { name: &item.0, count: outside.get() }));
    let _ = render();
    outside.set(2);
    let _ = render();
}

#[derive(Serialize)]
struct Listing<T> {
    items: Vec<T>,
    total: usize,
}

fn listing(items: &[Stamped<(String, u32)>], total: usize) -> Option<(Bytes, Option<u128>)> {
    let fragments: Vec<_> =
        items.iter().map(|i| Fragment::new([i.stamp(), 0, 0], move || Item { name: &i.0, count: i.1 })).collect();
    let key = PageKey::of(&[total as u64], fragments.iter().map(Some));
    page(key, &Listing { items: fragments, total }).ok()
}

fn plain(items: &[Stamped<(String, u32)>], total: usize) -> Option<Vec<u8>> {
    serde_json::to_vec(&Listing { items: items.iter().map(|i| Item { name: &i.0, count: i.1 }).collect(), total }).ok()
}

#[test]
fn an_unchanged_page_is_answered_with_the_bytes_written_for_it() {
    let items: Vec<_> = (0..4).map(|n| Stamped::new((format!("item {n}"), n))).collect();
    let Some((first, Some(digest))) = listing(&items, 4) else { panic!("a page of fragments has a digest") };
    let Some((again, Some(same))) = listing(&items, 4) else { panic!("a page of fragments has a digest") };
    // The same allocation: remembered, not written again.
    assert_eq!((again.as_ptr(), again.len(), same), (first.as_ptr(), first.len(), digest));
    assert_eq!(plain(&items, 4).as_deref(), Some(&first[..]));
}

#[test]
fn a_remembered_page_changes_with_any_of_its_inputs() {
    let mut items: Vec<_> = (0..4).map(|n| Stamped::new((format!("item {n}"), n))).collect();
    let first = listing(&items, 4).map(|(b, _)| b);
    // An item changed, the envelope changed, another membership, another order.
    items[2].1 = 20;
    let changed = listing(&items, 4).map(|(b, _)| b);
    assert_eq!(changed.as_deref(), plain(&items, 4).as_deref());
    assert_ne!(changed, first);
    assert_eq!(listing(&items, 9).map(|(b, _)| b).as_deref(), plain(&items, 9).as_deref());
    assert_eq!(listing(&items[1..], 4).map(|(b, _)| b).as_deref(), plain(&items[1..], 4).as_deref());
    items.swap(0, 3);
    assert_eq!(listing(&items, 4).map(|(b, _)| b).as_deref(), plain(&items, 4).as_deref());
    // A copy of the items (another world cloned from this one) shows the same page.
    let copy = items.clone();
    assert_eq!(listing(&copy, 4).map(|(b, _)| b).as_deref(), plain(&items, 4).as_deref());
}

#[cfg(debug_assertions)]
#[test]
#[should_panic(expected = "stale")]
fn a_page_key_that_misses_an_input_is_caught_in_debug_builds() {
    let items: Vec<_> = (0..2).map(|n| Stamped::new((format!("item {n}"), n))).collect();
    for total in [2, 3] {
        let fragments: Vec<_> =
            items.iter().map(|i| Fragment::new([i.stamp(), 0, 0], move || Item { name: &i.0, count: i.1 })).collect();
        // The total is shown but not named in the key.
        let key = PageKey::of(&[], fragments.iter().map(Some));
        let _ = page(key, &Listing { items: fragments, total });
    }
}

#[test]
fn a_full_page_store_is_emptied_and_keeps_answering() {
    let pages = pages::Pages::new(4096);
    for i in 0..100u64 {
        pages.keep(vec![i; 12], Bytes::from(vec![0; 1000]), Some(u128::from(i)));
        assert_eq!(pages.get(&[i; 12]).map(|(b, d)| (b.len(), d)), Some((1000, Some(u128::from(i)))));
    }
    assert!(pages.kept_bytes() <= 4096);
    pages.keep(vec![1], Bytes::from(vec![0; 8192]), None);
    assert!(pages.get(&[1]).is_none());
}
