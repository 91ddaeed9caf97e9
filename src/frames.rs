//! The page's sub-frames: each frame's collector reports its own facts, and a form in a
//! frame the shop put there is the shop's form.

use crate::page::{limits, FormFacts, PageFacts};

/// These facts with the forms and fields of the sub-frames added, as the shop's own
/// (a form in a frame the shop put there is its form). A payment provider's or a
/// bank's 3-D Secure frame is left out: card fields there are out of every page script's
/// reach, and the frame element in the top page already says the provider is there.
/// Fields typed in a frame loaded over plain HTTP travel in clear text, so such a
/// frame's loose fields count as a form posting to the frame's own HTTP address.
pub fn with_frame_fields(facts: &PageFacts) -> PageFacts {
    let mut merged = PageFacts { frames: Vec::new(), ..facts.clone() };
    let mut input_count: usize = merged.forms.iter().map(|f| f.inputs.len()).sum::<usize>() + merged.loose_inputs.len();
    for frame in &facts.frames {
        merged.read_failures = merged.read_failures.saturating_add(frame.read_failures);
        merged.unseen.shadow_roots = merged.unseen.shadow_roots.saturating_add(frame.unseen.shadow_roots);
        merged.unseen.card_typing = merged.unseen.card_typing.saturating_add(frame.unseen.card_typing);
        merged.truncated.extend(frame.truncated.iter().cloned());
        merged.timed_out |= frame.timed_out;
        if is_provider_frame(&frame.url) {
            continue;
        }
        let mut forms = frame.forms.clone();
        let mut loose = frame.loose_inputs.clone();
        if frame.url.starts_with("http:") && !loose.is_empty() {
            forms.push(FormFacts {
                action: frame.url.clone(),
                method: "post".to_string(),
                inputs: std::mem::take(&mut loose),
            });
        }
        for form in forms {
            if merged.forms.len() >= limits::FORMS || input_count + form.inputs.len() > limits::INPUTS {
                break;
            }
            input_count += form.inputs.len();
            merged.forms.push(form);
        }
        for input in loose {
            if input_count >= limits::INPUTS {
                break;
            }
            input_count += 1;
            merged.loose_inputs.push(input);
        }
    }
    merged
}

fn is_provider_frame(url: &str) -> bool {
    crate::providers::is_three_d_secure_frame(url)
        || crate::site::host_of(url).is_some_and(|host| crate::providers::provider_for_host(&host).is_some())
}
