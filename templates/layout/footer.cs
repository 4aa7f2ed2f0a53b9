</main>
<footer class="foot"><?cs var:Lang.app.tagline ?></footer>
</body>
</html>
