<?cs set:Page.title = Lang.login.title ?><?cs include:"layout/header.cs" ?>
<section class="card narrow">
  <h1><?cs var:Lang.login.title ?></h1>
  <p class="muted"><?cs var:Lang.login.intro ?></p>
  <form method="post" action="/login" class="form" id="login-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
<?cs if:Form.values.next ?>    <input type="hidden" name="next" value="<?cs var:Form.values.next ?>">
<?cs /if ?>    <div class="field">
      <label for="f-username"><?cs var:Lang.login.username ?></label>
      <input id="f-username" name="username" type="text" autocomplete="username" autofocus required value="<?cs var:Form.values.username ?>">
    </div>
    <div class="field">
      <label for="f-password"><?cs var:Lang.login.password ?></label>
      <input id="f-password" name="password" type="password" autocomplete="current-password" required>
    </div>
    <button type="submit" class="primary" id="login-submit"><?cs var:Lang.login.submit ?></button>
  </form>
</section>
<?cs include:"layout/footer.cs" ?>
