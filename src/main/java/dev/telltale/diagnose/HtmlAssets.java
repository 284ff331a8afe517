package dev.telltale.diagnose;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The page's one stylesheet and one script, both constant so that a Content-Security-Policy
 * can allow exactly them by hash ({@link #CONTENT_SECURITY_POLICY}). Nothing per request lives
 * in them: the script reads the request id from {@code body[data-watch]}, and the timeline's
 * proportional widths are SVG attributes, not {@code style=""}.
 */
final class HtmlAssets {
    private HtmlAssets() {
    }

    static final String CSS = ""
            + ":root{--bg:#f4f5f7;--card:#fff;--fg:#1b2330;--muted:#5d6778;--line:#dde1e8;--soft:#f0f2f5;"
            + "--bad:#c4342b;--bad-bg:#fdf0ef;--ok:#2e8555;--accent:#2f57c4;--track:#e8ebf0;--done:#8d9bb3;"
            + "--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,\"Liberation Mono\",monospace;color-scheme:light dark}"
            + "@media (prefers-color-scheme:dark){:root{--bg:#0e1116;--card:#161b22;--fg:#e4e8ee;--muted:#97a1b0;"
            + "--line:#2b313b;--soft:#1c222b;--bad:#f07167;--bad-bg:#2d1a1a;--ok:#57b883;--accent:#8caaff;"
            + "--track:#232a34;--done:#5f6c82}}"
            + "*{box-sizing:border-box}"
            + "body{margin:0;background:var(--bg);color:var(--fg);"
            + "font:15px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;"
            + "-webkit-text-size-adjust:100%}"
            + "main{max-width:880px;margin:0 auto;padding:28px 20px 40px}"
            + "code,pre,.mono{font-family:var(--mono);font-size:13px}"
            + ".top{display:flex;align-items:center;gap:10px;margin-bottom:14px;flex-wrap:wrap}"
            + ".pill{display:inline-block;padding:2px 10px;border-radius:999px;background:var(--bad-bg);"
            + "color:var(--bad);font-weight:600;font-size:13px;border:1px solid color-mix(in srgb,var(--bad) 30%,transparent)}"
            + ".brand{margin-left:auto;color:var(--muted);font-size:13px;letter-spacing:.02em}"
            + ".brand b{color:var(--fg);font-weight:600}"
            + "h1{font-size:26px;line-height:1.25;margin:0 0 8px;font-weight:650;letter-spacing:-.01em}"
            + ".lede{font-size:17px;margin:0 0 18px;color:var(--fg);overflow-wrap:anywhere}"
            + ".rid{display:flex;align-items:center;gap:10px;flex-wrap:wrap;background:var(--card);"
            + "border:1px solid var(--line);border-radius:10px;padding:10px 14px;margin:0 0 16px}"
            + ".rid .lbl{color:var(--muted);font-size:13px}"
            + ".rid code{font-size:14px;user-select:all;overflow-wrap:anywhere;flex:1 1 12em}"
            + "button{font:inherit;font-size:13px;padding:4px 12px;border-radius:7px;border:1px solid var(--line);"
            + "background:var(--soft);color:var(--fg);cursor:pointer}"
            + "button:hover{border-color:var(--muted)}"
            + ".watch{margin:-6px 0 16px;color:var(--muted);font-size:13px}"
            + ".watch::before{content:\"\";display:inline-block;width:8px;height:8px;border-radius:50%;"
            + "background:var(--ok);margin-right:8px;vertical-align:1px}"
            + "section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:18px 20px;"
            + "margin:0 0 16px}"
            + "h2{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 12px;"
            + "font-weight:600}"
            + ".flow{display:flex;align-items:center}"
            + ".node{flex:0 1 220px;min-width:0;border:1px solid var(--line);border-radius:10px;padding:10px 12px;"
            + "background:var(--soft)}"
            + ".node b{display:block;font-size:14px;font-weight:600}"
            + ".node span{display:block;font:12.5px/1.4 var(--mono);color:var(--muted);overflow-wrap:anywhere}"
            + ".node.bad{border-color:var(--bad);background:var(--bad-bg)}"
            + ".node.bad b{color:var(--bad)}"
            + ".node.down{border:1px dashed var(--bad)}"
            + ".hop{flex:1 1 0;min-width:120px;display:flex;flex-direction:column;align-items:center;padding:0 8px}"
            + ".hop em{font-style:normal;font-size:12px;color:var(--muted);line-height:1.3;white-space:nowrap}"
            + ".hop i{display:block;position:relative;width:100%;height:2px;margin:9px 0;background:var(--ok)}"
            + ".hop i::after{content:\"\";position:absolute;right:-2px;top:-5px;border:6px solid transparent;"
            + "border-right:0;border-left:8px solid var(--ok)}"
            + ".hop.bad i{background:repeating-linear-gradient(90deg,var(--bad) 0 6px,transparent 6px 10px)}"
            + ".hop.bad i::after{border-left-color:var(--bad)}"
            + ".hop.bad em{color:var(--bad);font-weight:600}"
            + ".hop.idle i{background:repeating-linear-gradient(90deg,var(--done) 0 4px,transparent 4px 8px)}"
            + ".hop.idle i::after{border-left-color:var(--done)}"
            + ".hop i b{position:absolute;left:50%;top:50%;width:22px;height:22px;margin:-11px 0 0 -11px;"
            + "border-radius:50%;background:var(--bad);color:#fff;font-size:12px;line-height:22px;text-align:center}"
            + "ol,ul{margin:0;padding-left:20px}"
            + "li{margin:0 0 6px;overflow-wrap:anywhere}"
            + "li:last-child{margin-bottom:0}"
            + ".hints li::marker{color:var(--accent);font-weight:600}"
            + ".tl{display:grid;grid-template-columns:64px 1fr 76px;gap:8px 12px;align-items:center;font-size:13px}"
            + ".tl svg{width:100%;height:10px;display:block;border-radius:5px;overflow:hidden}"
            + ".tl .trk{fill:var(--track)}.tl .done{fill:var(--done)}.tl .fail{fill:var(--bad)}"
            + ".tl .ms{text-align:right;font-family:var(--mono);font-size:12.5px;color:var(--muted)}"
            + ".tl .f{color:var(--bad);font-weight:600}.tl .n{color:var(--muted)}"
            + ".total{margin:10px 0 0;font-size:13px;color:var(--muted)}"
            + ".scroll{overflow-x:auto}"
            + "table{border-collapse:collapse;width:100%;font-size:13.5px}"
            + "th{text-align:left;font-weight:600;color:var(--muted);font-size:12px;border-bottom:1px solid var(--line);"
            + "padding:6px 10px 6px 0}"
            + "td{padding:7px 10px 7px 0;border-bottom:1px solid var(--soft);vertical-align:top}"
            + "td.mono{overflow-wrap:anywhere}.num{text-align:right;white-space:nowrap}"
            + ".bad-t{color:var(--bad);font-weight:600}.ok-t{color:var(--ok);font-weight:600}"
            + "dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 18px;margin:0;font-size:14px}"
            + "dt{color:var(--muted)}dd{margin:0;font-family:var(--mono);font-size:13px;overflow-wrap:anywhere}"
            + ".cfg code{overflow-wrap:anywhere}.cfg span{color:var(--muted);font-size:13px}"
            + "pre{margin:0;padding:12px 14px;background:var(--soft);border-radius:8px;overflow-x:auto;"
            + "white-space:pre-wrap;overflow-wrap:anywhere;max-height:320px}"
            + "footer{color:var(--muted);font-size:12.5px;margin-top:22px;overflow-wrap:anywhere}"
            + "@media (max-width:600px){main{padding:18px 14px 28px}h1{font-size:22px}.lede{font-size:16px}"
            + "section{padding:14px 14px;border-radius:10px}"
            + ".flow{flex-direction:column;align-items:stretch}.node{flex:none}"
            + ".hop{flex-direction:row;justify-content:flex-start;gap:12px;padding:0 0 0 22px;min-height:44px}"
            + ".hop i{order:-1;width:2px;height:36px;margin:0}"
            + ".hop i::after{right:auto;top:auto;left:-5px;bottom:-2px;border:6px solid transparent;border-bottom:0;"
            + "border-top:8px solid var(--ok)}"
            + ".hop.bad i{background:repeating-linear-gradient(180deg,var(--bad) 0 6px,transparent 6px 10px)}"
            + ".hop.bad i::after{border-left-color:transparent;border-top-color:var(--bad)}"
            + ".hop.idle i{background:repeating-linear-gradient(180deg,var(--done) 0 4px,transparent 4px 8px)}"
            + ".hop.idle i::after{border-left-color:transparent;border-top-color:var(--done)}"
            + ".srv{display:none}.tl{grid-template-columns:56px 1fr 64px}dl{grid-template-columns:1fr;gap:0}dd{margin-bottom:8px}}";

    /**
     * Copy buttons, and for {@code body[data-watch]} a poll of the same-origin watch endpoint:
     * every 2 s backing off to 10 s, paused while the tab is hidden, given up after 10 minutes
     * so an abandoned tab never loads the proxy; one poll in flight at most.
     */
    static final String JS = ""
            + "(function(){var d=document;"
            + "d.addEventListener('click',function(e){var t=e.target.closest&&e.target.closest('[data-copy]');if(!t)return;"
            + "var el=d.getElementById(t.getAttribute('data-copy')),v=el?el.textContent:'';"
            + "function ok(){t.textContent='Copied';setTimeout(function(){t.textContent='Copy'},1500)}"
            + "if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(v).then(ok)}"
            + "else{var r=d.createRange();r.selectNodeContents(el);var s=getSelection();s.removeAllRanges();s.addRange(r);"
            + "try{d.execCommand('copy');ok()}catch(x){}}});"
            + "var id=d.body.getAttribute('data-watch');if(!id||!window.fetch)return;"
            + "var url='/.well-known/telltale/watch/'+encodeURIComponent(id),t0=Date.now(),delay=2000,timer=0,busy=false,"
            + "note=d.getElementById('watch');"
            + "function expired(){return Date.now()-t0>600000}"
            + "function stop(){if(timer){clearTimeout(timer);timer=0}}"
            + "function later(){stop();if(busy||d.hidden)return;"
            + "if(expired()){if(note)note.hidden=true;return}timer=setTimeout(poll,delay)}"
            + "function poll(){timer=0;busy=true;"
            + "fetch(url,{cache:'no-store',credentials:'same-origin'})"
            + ".then(function(r){return r.ok?r.json():null})"
            + ".then(function(j){busy=false;if(j&&j.up===true){if(note){note.textContent="
            + "'The upstream accepts connections again \\u2014 reloading';note.hidden=false}"
            + "location.reload();return}delay=Math.min(delay*1.5,10000);later()},"
            + "function(){busy=false;delay=Math.min(delay*2,10000);later()})}"
            + "d.addEventListener('visibilitychange',function(){if(d.hidden)stop();else{delay=2000;later()}});"
            + "later()})();";

    /** A policy that allows this page's own style and script and the watch endpoint, nothing else. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(CSS) + "'; script-src '"
            + sha256(JS) + "'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private static String sha256(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }
}
