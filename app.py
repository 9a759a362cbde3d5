from learner import create_app

app = create_app()
