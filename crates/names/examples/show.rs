//! Prints the normalised form of each argument (a development aid).
#![allow(clippy::print_stdout)]
fn main() {
    for a in std::env::args().skip(1) {
        let n = names::normalize(&a);
        let toks: Vec<String> = n
            .tokens
            .iter()
            .map(|t| {
                format!(
                    "{}{:?}[{}|{}]",
                    t.text,
                    t.alts,
                    t.folds().join(","),
                    names::skeleton(&names::fold(&t.text))
                )
            })
            .collect();
        println!("{a} => {} ", toks.join(" "));
    }
}
