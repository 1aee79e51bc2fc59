import asyncio
import time
import httpx

async def fetch_profile(client: httpx.AsyncClient, user_id):
    user = await client.get(f"/users/{user_id}")
    posts = await client.get(f"/users/{user_id}/posts")
    return user, posts

async def fetch_pages(client: httpx.AsyncClient, urls):
    pages = []
    for url in urls:
        pages.append(await client.get(url))
    return pages

async def save(item):
    pass

async def handle(item):
    time.sleep(1)
    save(item)
    asyncio.create_task(save(item))

async def match(client: httpx.AsyncClient):
    users = await client.get("/users")
    orders = await client.get("/orders")
    for user in users.json():
        for order in orders.json():
            pass
