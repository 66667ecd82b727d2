//! The web view's settings for what Reflect is: one local page of forms and lists, no media, no
//! WebGL, no navigation to other sites.
//!
//! On Linux (WebKitGTK) the defaults cost memory the app never uses. Measured with the app-start
//! benchmark (`make bench-app`) under Xvfb, where, as on the virtual desktops many NHS staff use,
//! there is no GPU and "hardware" acceleration is Mesa's software rasteriser (llvmpipe):
//! - accelerated compositing renders the page through OpenGL: the web process maps LLVM and the
//!   software GL driver and keeps GL buffers, about 90 MiB of its 200 MiB for a page of forms.
//!   Reflect has no animation or video that compositing would help, so it is off;
//! - the cache model for a browser keeps decoded resources and pages in memory for pages the app
//!   never goes back to (its pages are one document; the routes are in its hash);
//! - WebGL and the back-forward page cache are never used.

/// Apply the settings to the main window's web view (at start, before the page is shown).
#[cfg(target_os = "linux")]
pub(crate) fn configure<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };
    let applied = window.with_webview(|webview| {
        let view = webview.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            settings.set_enable_webgl(false);
            settings.set_enable_page_cache(false);
        }
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    });
    if let Err(e) = applied {
        eprintln!("Reflect could not apply its web view settings: {e}");
    }
}

/// Other systems keep their web view's defaults.
#[cfg(not(target_os = "linux"))]
pub(crate) fn configure<R: tauri::Runtime>(_window: &tauri::WebviewWindow<R>) {}
