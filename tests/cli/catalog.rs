//! The catalog: embedded, listed, shown, validated; hostile catalog files refused.

use crate::harness::Env;

#[test]
fn catalog_lists_phases_in_order() {
    let env = Env::new();
    let out = env.run(&["catalog", "--json"]).ok();
    let v = out.json();
    let phases: Vec<&str> = v["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        phases,
        ["general", "initiate", "assess", "remediate", "enable"]
    );
}
