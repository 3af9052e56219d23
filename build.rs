//! Checks the embedded catalog at build time and stores it pre-digested (postcard), so that no
//! run of the tool pays for a YAML parse: a bad `catalog/ems.yaml` fails the build, not a user.

#[allow(dead_code)]
mod catalog {
    #[path = "../src/catalog/digest.rs"]
    pub mod digest;
    #[path = "../src/catalog/model.rs"]
    pub mod model;
    #[path = "../src/catalog/parse.rs"]
    pub mod parse;
}

use std::path::PathBuf;

fn main() {
    let src = "catalog/ems.yaml";
    println!("cargo::rerun-if-changed={src}");
    println!("cargo::rerun-if-changed=src/catalog/model.rs");
    println!("cargo::rerun-if-changed=src/catalog/digest.rs");
    println!("cargo::rerun-if-changed=src/catalog/parse.rs");
    let text = std::fs::read_to_string(src).unwrap_or_else(|e| fail(&format!("{src}: {e}")));
    let file = catalog::parse::parse(&text).unwrap_or_else(|p| fail(&format!("{src}: {p}")));
    let digested = catalog::digest::digest(file, &text).unwrap_or_else(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("{src}: {p}")).collect();
        fail(&list.join("\n"))
    });
    let bytes = postcard::to_stdvec(&digested).unwrap_or_else(|e| fail(&format!("postcard: {e}")));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("catalog.postcard"), bytes)
        .unwrap_or_else(|e| fail(&format!("writing the digested catalog: {e}")));
}

fn fail(message: &str) -> ! {
    eprintln!("error: the embedded catalog is invalid\n{message}");
    std::process::exit(1);
}
