// 适老化模式 (for older readers): larger text, higher contrast, more space. The switch is a real button, so it
// works from the keyboard and screen readers announce its state (aria-pressed); the choice is remembered in this
// browser. Every page reads the same without this script.
(function () {
  var KEY = 'zhifa-disclosure-care'
  var root = document.documentElement
  function remembered() {
    try { return window.localStorage.getItem(KEY) === 'on' } catch (error) { return false }
  }
  function remember(on) {
    try { window.localStorage.setItem(KEY, on ? 'on' : 'off') } catch (error) { /* private mode: this page only */ }
  }
  function show(on) {
    root.classList.toggle('care', on)
    var button = document.getElementById('care-switch')
    if (button) button.setAttribute('aria-pressed', on ? 'true' : 'false')
  }
  show(remembered())
  document.addEventListener('DOMContentLoaded', function () {
    var button = document.getElementById('care-switch')
    if (!button) return
    button.hidden = false
    show(root.classList.contains('care'))
    button.addEventListener('click', function () {
      var on = !root.classList.contains('care')
      show(on)
      remember(on)
    })
  })
})()
