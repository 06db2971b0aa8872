//! Builds jieba-rs's default dictionary and nothing else: the reference `bench/run.sh` times the
//! bundled site's build against (`Jieba::new()`, what loading the whole dictionary costs; a
//! build loads only the part its texts use).
fn main() {
    let jieba = jieba_rs::Jieba::new();
    // One cut, so the dictionary is used and not optimised away.
    let words = jieba.cut("中国同中亚五国", false).len();
    println!("{words}");
}
