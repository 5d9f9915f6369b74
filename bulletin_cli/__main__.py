from bulletin_cli.cli import app

app(prog_name="bulletin")
